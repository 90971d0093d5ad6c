import { Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { Section } from '../components/Section.tsx';
import { LoadError, Loading } from '../components/States.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { SESSION_KEY, useSession } from '../platform/api.ts';
import { type Institution, type InstitutionInput, institutionsApi } from './api.ts';

const CONTACTS = ['incidentDeskEmail', 'incidentDeskPhone', 'externalReportEmail', 'externalReportUrl'] as const;
const BASICS = ['code', 'kind', 'nameJa', 'nameEn'] as const;
type Field = (typeof CONTACTS)[number] | (typeof BASICS)[number];
type Values = Record<Field, string>;

const EMPTY: Values = { code: '', kind: 'member', nameJa: '', nameEn: '', incidentDeskEmail: '', incidentDeskPhone: '', externalReportEmail: '', externalReportUrl: '' };
const toValues = (i: Institution): Values => ({ ...EMPTY, ...Object.fromEntries([...BASICS, ...CONTACTS].map((k) => [k, i[k] ?? ''])) });

/** Create (consortium administrators) or edit an institution; members' own admins edit contacts only. */
export function InstitutionFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const isNew = id === undefined;
  const session = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const full = session.permissions.manageInstitutions;
  const current = useQuery({ queryKey: ['institutions', id], queryFn: () => institutionsApi.get(id ?? ''), enabled: !isNew });
  const [v, setV] = useState<Values>(EMPTY);
  useEffect(() => {
    if (current.data) setV(toValues(current.data));
  }, [current.data]);
  const save = useMutation({
    mutationFn: () => {
      const fields: readonly Field[] = full ? [...BASICS, ...CONTACTS] : CONTACTS;
      const body: Record<string, string | null> = {};
      for (const f of fields) body[f] = (CONTACTS as readonly string[]).includes(f) ? v[f].trim() || null : v[f].trim();
      return isNew ? institutionsApi.create(body as InstitutionInput) : institutionsApi.update(id, body as InstitutionInput);
    },
    onSuccess: async (saved) => {
      await qc.invalidateQueries({ queryKey: ['institutions'] });
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
      notifications.show({ message: isNew ? t('institutions.created') : t('common.saved'), color: 'teal' });
      if (isNew) navigate(`/institutions/${saved.id}`, { replace: true });
    },
  });
  if (!isNew && current.isPending) return <Loading />;
  if (!isNew && current.isError) return <LoadError error={current.error} onRetry={() => void current.refetch()} />;
  const fe = fieldErrors(save.error);
  const input = (f: Field, label: string, extra: { type?: string; description?: string; disabled?: boolean } = {}) => (
    <TextInput label={label} name={f} value={v[f]} error={fe[f]} onChange={(e) => setV({ ...v, [f]: e.currentTarget.value })} {...extra} />
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={880}>
        <PageHeader title={isNew ? t('institutions.newTitle') : t('institutions.editTitle')} lead={current.data?.nameJa} />
        <ErrorAlert error={save.error} fields={[...BASICS, ...CONTACTS]} />
        <Section title={t('institutions.basics')}>
          {!full ? <Text size="sm" c="dimmed">{t('institutions.contactsOnly')}</Text> : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {input('nameJa', t('institutions.nameJa'), { disabled: !full })}
            {input('nameEn', t('institutions.nameEn'), { disabled: !full })}
            {input('code', t('institutions.code'), { disabled: !full, description: t('institutions.codeHint') })}
            <Select label={t('institutions.kind')} value={v.kind} disabled={!full || !isNew} allowDeselect={false} error={fe.kind}
              data={[{ value: 'member', label: t('institutionKind.member') }, { value: 'operator', label: t('institutionKind.operator') }]}
              onChange={(k) => k && setV({ ...v, kind: k })} />
          </SimpleGrid>
        </Section>
        <Section title={t('institutions.contacts')}>
          <Text fw={600} size="sm">{t('institutions.incidentDesk')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {input('incidentDeskEmail', t('institutions.email'), { type: 'email' })}
            {input('incidentDeskPhone', t('institutions.phone'), { type: 'tel' })}
          </SimpleGrid>
          <Text fw={600} size="sm">{t('institutions.externalDesk')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {input('externalReportEmail', t('institutions.email'), { type: 'email' })}
            {input('externalReportUrl', t('institutions.url'), { type: 'url' })}
          </SimpleGrid>
        </Section>
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="institution-save">{t('common.save')}</Button>
          <Button component={Link} to="/institutions" variant="default">{t('common.back')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
