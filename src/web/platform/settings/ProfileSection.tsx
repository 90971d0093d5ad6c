import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { LoadError, Loading } from '../../components/States.tsx';
import { type Locale, isLocale, setLocale } from '../../i18n/index.ts';
import { fieldErrors } from '../../lib/problem.ts';
import { SESSION_KEY, meApi } from '../api.ts';

export function ProfileSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: meApi.get });
  const [displayName, setDisplayName] = useState('');
  const [locale, setLocaleValue] = useState<Locale>('ja');
  useEffect(() => {
    if (!me.data) return;
    setDisplayName(me.data.user.displayName);
    setLocaleValue(me.data.user.locale);
  }, [me.data]);
  const save = useMutation({
    mutationFn: () => meApi.update({ displayName: displayName.trim(), locale }),
    onSuccess: async () => {
      await setLocale(locale);
      await qc.invalidateQueries({ queryKey: ['me'] });
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
      notifications.show({ message: t('common.saved'), color: 'teal' });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const fe = fieldErrors(save.error);
  return (
    <Section title={t('settings.profile')} testId="settings-profile">
      {me.isPending ? <Loading /> : null}
      {me.isError ? <LoadError error={me.error} onRetry={() => void me.refetch()} /> : null}
      {me.data ? (
        <form onSubmit={submit} noValidate>
          <Stack maw={480}>
            <ErrorAlert error={save.error} fields={['displayName', 'locale']} />
            <TextInput label={t('settings.email')} value={me.data.user.email} readOnly variant="filled" />
            <TextInput label={t('settings.displayName')} value={displayName} required
              onChange={(e) => setDisplayName(e.currentTarget.value)} error={fe.displayName} />
            <Select
              label={t('settings.language')}
              value={locale}
              allowDeselect={false}
              data={[{ value: 'ja', label: t('lang.ja') }, { value: 'en', label: t('lang.en') }]}
              onChange={(v) => isLocale(v) && setLocaleValue(v)}
              error={fe.locale}
            />
            <Group>
              <Button type="submit" loading={save.isPending}>{t('common.save')}</Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Section>
  );
}
