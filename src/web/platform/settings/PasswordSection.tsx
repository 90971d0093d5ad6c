import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { fieldErrors } from '../../lib/problem.ts';
import { meApi } from '../api.ts';

export function PasswordSection() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => meApi.changePassword(current, next),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
      notifications.show({ message: t('settings.passwordChanged'), color: 'teal' });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad = next !== confirm;
    setMismatch(bad);
    if (!bad) change.mutate();
  };
  const fe = fieldErrors(change.error);
  return (
    <Section title={t('settings.password')}>
      <form onSubmit={submit} noValidate>
        <Stack maw={480}>
          <ErrorAlert error={change.error} fields={['currentPassword', 'newPassword']} />
          <PasswordInput label={t('settings.currentPassword')} value={current} autoComplete="current-password" required
            onChange={(e) => setCurrent(e.currentTarget.value)} error={fe.currentPassword} />
          <PasswordInput label={t('settings.newPassword')} value={next} autoComplete="new-password" required
            description={t('invite.passwordHint')} onChange={(e) => setNext(e.currentTarget.value)} error={fe.newPassword} />
          <PasswordInput label={t('settings.newPasswordConfirm')} value={confirm} autoComplete="new-password" required
            onChange={(e) => setConfirm(e.currentTarget.value)} error={mismatch ? t('invite.mismatch') : undefined} />
          <Group>
            <Button type="submit" loading={change.isPending} disabled={!current || !next}>{t('settings.changePassword')}</Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
