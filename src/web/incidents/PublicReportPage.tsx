import { Alert, Anchor, Box, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadError, Loading } from '../components/States.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { useInstitutionName } from '../lib/institution.ts';
import { fieldErrors } from '../lib/problem.ts';
import { AuthLayout } from '../shell/AuthLayout.tsx';
import { type PublicReportInput, RateLimitedError, incidentsApi, usePublicInstitutions } from './api.ts';
import { jstLocalToIso, retryMinutes } from './format.ts';

/** Off-screen for people (and screen readers), still in the form for bots to fill. */
const HONEYPOT_STYLE = { position: 'absolute', left: '-10000px', top: 'auto', width: 1, height: 1, overflow: 'hidden' } as const;

/** `/report`: the external report desk. No sign-in; the institution is chosen from the members taking reports. */
export function PublicReportPage() {
  const { t } = useTranslation();
  const instName = useInstitutionName();
  const institutions = usePublicInstitutions();
  const [code, setCode] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', email: '', phone: '', affiliation: '', subject: '', description: '', occurredAt: '', website: '' });
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: v }));
  };
  const send = useMutation({
    mutationFn: () => {
      const at = jstLocalToIso(form.occurredAt);
      const opt = (v: string) => (v.trim() ? v.trim() : undefined);
      const input: PublicReportInput = {
        institutionCode: code ?? '', email: form.email.trim(), subject: form.subject.trim(), description: form.description.trim(),
        ...(opt(form.name) ? { name: opt(form.name)! } : {}), ...(opt(form.phone) ? { phone: opt(form.phone)! } : {}),
        ...(opt(form.affiliation) ? { affiliation: opt(form.affiliation)! } : {}), ...(at ? { occurredAt: at } : {}),
        ...(form.website ? { website: form.website } : {}),
      };
      return incidentsApi.publicReport(input);
    },
  });
  const errors = fieldErrors(send.error);
  const chosen = institutions.data?.items.find((i) => i.code === code) ?? null;

  if (send.data) {
    const r = send.data;
    return (
      <AuthLayout title={t('incidents.public.done')} width={640}>
        <Stack data-testid="public-receipt">
          <Text size="sm">{t('incidents.public.doneLead', { institution: instName(r.institution) })}</Text>
          <Paper withBorder p="md" radius="md" bg="gray.0">
            <SimpleGrid cols={2}>
              <Stack gap={2}>
                <Text size="xs" c="dimmed">{t('incidents.public.receipt')}</Text>
                <Text fw={700} size="xl" ff="monospace" data-testid="public-receipt-no">{r.receiptNo}</Text>
              </Stack>
              <Stack gap={2}>
                <Text size="xs" c="dimmed">{t('incidents.public.receivedAt')}</Text>
                <Text fw={500}>{formatDateTime(r.receivedAt)}</Text>
              </Stack>
            </SimpleGrid>
          </Paper>
          <Text size="sm" c="dimmed">{t('incidents.public.receiptHint')}</Text>
          <Group>
            <Button variant="default" onClick={() => { send.reset(); setForm((f) => ({ ...f, subject: '', description: '', occurredAt: '' })); }}>{t('incidents.public.another')}</Button>
          </Group>
        </Stack>
      </AuthLayout>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  const limited = send.error instanceof RateLimitedError ? send.error : null;
  return (
    <AuthLayout title={t('incidents.public.title')} width={720}>
      <Stack>
        <Text size="sm">{t('incidents.public.lead')}</Text>
        {institutions.isPending ? <Loading /> : null}
        {institutions.isError ? <LoadError error={institutions.error} onRetry={() => void institutions.refetch()} /> : null}
        {institutions.data ? (
          <form onSubmit={submit} noValidate={false}>
            <Stack>
              <Select label={t('incidents.public.institution')} placeholder={t('incidents.public.institutionPlaceholder')} required searchable
                data={institutions.data.items.map((i) => ({ value: i.code, label: instName(i) }))} value={code} onChange={setCode}
                error={errors.institutionCode} data-testid="public-institution" />
              {chosen && (chosen.externalReportEmail || chosen.externalReportUrl) ? (
                <Text size="xs" c="dimmed" data-testid="public-direct">
                  {t('incidents.public.directContact')}: {chosen.externalReportEmail ? <Anchor size="xs" href={`mailto:${chosen.externalReportEmail}`}>{chosen.externalReportEmail}</Anchor> : null}
                  {chosen.externalReportEmail && chosen.externalReportUrl ? ' / ' : null}
                  {chosen.externalReportUrl ? <Anchor size="xs" href={chosen.externalReportUrl} target="_blank" rel="noreferrer">{chosen.externalReportUrl}</Anchor> : null}
                </Text>
              ) : null}
              <TextInput label={t('incidents.public.subject')} placeholder={t('incidents.public.subjectPlaceholder')} required maxLength={200}
                value={form.subject} onChange={set('subject')} error={errors.subject} data-testid="public-subject" />
              <Textarea label={t('incidents.public.description')} placeholder={t('incidents.public.descriptionPlaceholder')} required autosize minRows={5} maxLength={5000}
                value={form.description} onChange={set('description')} error={errors.description} data-testid="public-description" />
              <TextInput type="datetime-local" label={t('incidents.public.occurredAt')} w={260} value={form.occurredAt} onChange={set('occurredAt')} error={errors.occurredAt} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('incidents.public.name')} maxLength={100} value={form.name} onChange={set('name')} data-testid="public-name" />
                <TextInput label={t('incidents.public.affiliation')} maxLength={200} value={form.affiliation} onChange={set('affiliation')} />
                <TextInput type="email" label={t('incidents.public.email')} description={t('incidents.public.emailHint')} required maxLength={254}
                  value={form.email} onChange={set('email')} error={errors.email} data-testid="public-email" />
                <TextInput type="tel" label={t('incidents.public.phone')} maxLength={40} value={form.phone} onChange={set('phone')} />
              </SimpleGrid>
              {/* Honeypot: people never see or reach it; a bot that fills it is answered as usual and nothing is kept. */}
              <Box style={HONEYPOT_STYLE} aria-hidden="true">
                <label>
                  {t('incidents.public.website')}
                  <input type="text" name="website" tabIndex={-1} autoComplete="off" value={form.website} onChange={set('website')} />
                </label>
              </Box>
              {limited ? (
                <Alert color="orange" variant="light" role="alert" data-testid="public-rate-limited">
                  {t('incidents.public.rateLimited', { minutes: retryMinutes(limited.retryAfterSeconds) })}
                </Alert>
              ) : (
                <ErrorAlert error={send.error} fields={['institutionCode', 'subject', 'description', 'email', 'occurredAt']} />
              )}
              <Text size="xs" c="dimmed">{t('incidents.public.privacy')}</Text>
              <Group>
                <Button type="submit" loading={send.isPending} disabled={!code} data-testid="public-submit">{t('incidents.public.submit')}</Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </Stack>
    </AuthLayout>
  );
}
