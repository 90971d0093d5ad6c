import { Alert, Anchor, Badge, Button, Checkbox, Group, List, Paper, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { fieldErrors } from '../lib/problem.ts';
import { incidentsApi, keys, useMyReports } from './api.ts';
import { composeDescription, jstLocalToIso } from './format.ts';
import { canReportIncident } from './permissions.ts';
import { RequireIncidents, StatusBadge } from './shared.tsx';

/** インシデント報告: a short form for any member, then the receipt and what happens next. */
export function ReportPage() {
  return <RequireIncidents allow={canReportIncident}><ReportForm /></RequireIncidents>;
}

function ReportForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [subject, setSubject] = useState('');
  const [details, setDetails] = useState('');
  const [where, setWhere] = useState('');
  const [contact, setContact] = useState('');
  const [occurredAt, setOccurredAt] = useState('');
  const [suspicion, setSuspicion] = useState(false);
  const send = useMutation({
    mutationFn: () => {
      const at = jstLocalToIso(occurredAt);
      return incidentsApi.report({
        subject: subject.trim(),
        description: composeDescription(details, [{ label: t('incidents.report.where'), value: where }, { label: t('incidents.report.contact'), value: contact }]),
        suspicion,
        ...(at ? { occurredAt: at } : {}),
      });
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.mine }),
  });
  const errors = fieldErrors(send.error);
  const reset = () => {
    setSubject(''); setDetails(''); setWhere(''); setContact(''); setOccurredAt(''); setSuspicion(false);
    send.reset();
  };

  if (send.data) {
    return (
      <Stack maw={760}>
        <PageHeader title={t('incidents.report.sent')} />
        <Paper withBorder p="lg" radius="md" data-testid="report-receipt">
          <Stack gap="sm">
            <Group gap="xl">
              <Stack gap={2}>
                <Text size="xs" c="dimmed">{t('incidents.report.receipt')}</Text>
                <Text fw={700} size="xl" ff="monospace" data-testid="receipt-no">{send.data.receiptNo}</Text>
              </Stack>
              <Stack gap={2}>
                <Text size="xs" c="dimmed">{t('incidents.report.receivedAt')}</Text>
                <Text fw={500}>{formatDateTime(send.data.receivedAt)}</Text>
              </Stack>
            </Group>
            <Title order={5} mt="sm">{t('incidents.report.next')}</Title>
            <List type="ordered" size="sm" spacing={4}>
              <List.Item>{t('incidents.report.next1')}</List.Item>
              <List.Item>{t('incidents.report.next2')}</List.Item>
              <List.Item>{t('incidents.report.next3')}</List.Item>
            </List>
          </Stack>
        </Paper>
        <Group>
          <Button component={Link} to="/incidents/reports/mine" data-testid="to-mine">{t('incidents.report.toMine')}</Button>
          <Button variant="default" onClick={reset}>{t('incidents.report.another')}</Button>
        </Group>
      </Stack>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <Stack maw={760}>
      <PageHeader title={t('incidents.report.title')} lead={t('incidents.report.lead')} />
      <Alert color="yellow" variant="light">{t('incidents.report.doNot')}</Alert>
      <Paper withBorder p="lg" radius="md">
        <form onSubmit={submit}>
          <Stack>
            <TextInput label={t('incidents.report.subject')} placeholder={t('incidents.report.subjectPlaceholder')} value={subject} maxLength={200}
              onChange={(e) => setSubject(e.currentTarget.value)} required error={errors.subject} data-testid="report-subject" />
            <TextInput type="datetime-local" label={t('incidents.report.occurredAt')} value={occurredAt} w={260}
              onChange={(e) => setOccurredAt(e.currentTarget.value)} error={errors.occurredAt} data-testid="report-occurred" />
            <TextInput label={t('incidents.report.where')} placeholder={t('incidents.report.wherePlaceholder')} value={where} maxLength={300}
              onChange={(e) => setWhere(e.currentTarget.value)} data-testid="report-where" />
            <Textarea label={t('incidents.report.description')} placeholder={t('incidents.report.descriptionPlaceholder')} value={details} autosize minRows={5} maxLength={18_000}
              onChange={(e) => setDetails(e.currentTarget.value)} required error={errors.description} data-testid="report-description" />
            <TextInput label={t('incidents.report.contact')} placeholder={t('incidents.report.contactPlaceholder')} value={contact} maxLength={200} w={320}
              onChange={(e) => setContact(e.currentTarget.value)} data-testid="report-contact" />
            <Checkbox label={t('incidents.report.suspicion')} checked={suspicion} onChange={(e) => setSuspicion(e.currentTarget.checked)} data-testid="report-suspicion" />
            <ErrorAlert error={send.error} fields={['subject', 'description', 'occurredAt']} />
            <Group>
              <Button type="submit" loading={send.isPending} data-testid="report-submit">{t('incidents.report.submit')}</Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

/** 自分の報告: my reports and the state of what they raised. */
export function MyReportsPage() {
  return <RequireIncidents allow={canReportIncident}><MyReports /></RequireIncidents>;
}

function MyReports() {
  const { t } = useTranslation();
  const mine = useMyReports();
  return (
    <Stack>
      <PageHeader title={t('incidents.mine.title')} lead={t('incidents.mine.lead')}
        actions={<Button component={Link} to="/incidents/report">{t('incidents.mine.new')}</Button>} />
      {mine.isPending ? <Loading /> : null}
      {mine.isError ? <LoadError error={mine.error} onRetry={() => void mine.refetch()} /> : null}
      {mine.data && mine.data.items.length === 0 ? (
        <EmptyState message={t('incidents.mine.empty')} action={<Anchor component={Link} to="/incidents/report">{t('incidents.mine.new')}</Anchor>} />
      ) : null}
      {mine.data && mine.data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={700}>
          <Table striped withTableBorder bg="white" data-testid="my-reports">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={160}>{t('incidents.mine.receipt')}</Table.Th>
                <Table.Th>{t('incidents.mine.subject')}</Table.Th>
                <Table.Th w={160}>{t('incidents.mine.reportedAt')}</Table.Th>
                <Table.Th w={120}>{t('incidents.mine.status')}</Table.Th>
                <Table.Th w={160}>{t('incidents.mine.closedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {mine.data.items.map((r) => (
                <Table.Tr key={r.id} data-testid="my-report-row" data-receipt={r.receiptNo} data-status={r.status}>
                  <Table.Td ff="monospace">{r.receiptNo}</Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm">{r.subject}</Text>
                      {r.suspicion ? <Badge size="xs" variant="outline" color="gray">{t('incidents.mine.suspicion')}</Badge> : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>{formatDateTime(r.createdAt)}</Table.Td>
                  <Table.Td><StatusBadge status={r.status} /></Table.Td>
                  <Table.Td>{formatDateTime(r.closedAt) || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
