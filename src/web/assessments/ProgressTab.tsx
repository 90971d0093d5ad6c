import { Card, Group, Pagination, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { type Campaign, type Counts, PAGE_SIZE, assessmentsApi, keys } from './api.ts';
import { CompletionBar } from './shared.tsx';

/** 進捗: assigned / not started / draft / submitted / accepted, overall and per item, respondent and department. */
export function ProgressTab({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const progress = useQuery({ queryKey: keys.part(campaign.id, 'progress'), queryFn: () => assessmentsApi.progress(campaign.id) });
  if (progress.isPending) return <Loading />;
  if (progress.isError) return <LoadError error={progress.error} onRetry={() => void progress.refetch()} />;
  const p = progress.data;
  if (!p.total.assigned) return <EmptyState message={t('assessments.progress.empty')} />;
  const stats: [string, number, string][] = [
    [t('assessments.progress.assigned'), p.total.assigned, 'dark'], [t('assessments.progress.notStarted'), p.total.notStarted, 'orange.8'],
    [t('assessments.progress.draft'), p.total.draft, 'gray.7'], [t('assessments.progress.submitted'), p.total.submitted, 'blue.7'], [t('assessments.progress.accepted'), p.total.accepted, 'teal.7'],
  ];
  return (
    <Stack data-testid="progress-dashboard">
      <Card withBorder radius="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={4}>{t('assessments.progress.total')}</Title>
            <Text size="sm" c="dimmed">{t('assessments.progress.completion')}</Text>
          </Group>
          <CompletionBar completion={p.total.completion} />
          <SimpleGrid cols={{ base: 2, sm: 5 }}>
            {stats.map(([label, n, color]) => (
              <Stack key={label} gap={0} data-testid="progress-stat">
                <Text size="xs" c="dimmed">{label}</Text>
                <Text size="xl" fw={700} c={color}>{n}</Text>
              </Stack>
            ))}
          </SimpleGrid>
        </Stack>
      </Card>
      <SimpleGrid cols={{ base: 1, xl: 2 }}>
        <CountsTable title={t('assessments.progress.byRespondent')} first={t('assessments.progress.respondent')} rows={p.respondents.map((r) => ({ key: r.respondentId, label: r.name ?? '—', ...r }))} testId="progress-respondents" />
        <CountsTable title={t('assessments.progress.byDepartment')} first={t('assessments.progress.department')} rows={p.departments.map((d) => ({ key: d.department ?? '', label: d.department ?? t('assessments.progress.noDepartment'), ...d }))} testId="progress-departments" />
      </SimpleGrid>
      <CountsTable title={t('assessments.progress.byItem')} first={t('assessments.progress.citation')} rows={p.items.map((i) => ({ key: i.itemId, label: i.citation, ...i }))} testId="progress-items" />
    </Stack>
  );
}

function CountsTable({ title, first, rows, testId }: { title: string; first: string; rows: (Counts & { key: string; label: string })[]; testId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  return (
    <Card withBorder radius="md" data-testid={testId}>
      <Stack gap="xs">
        <Title order={5}>{title}</Title>
        <Table striped verticalSpacing={4}>
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{first}</Table.Th>
              <Table.Th ta="right">{t('assessments.progress.assigned')}</Table.Th>
              <Table.Th ta="right">{t('assessments.progress.notStarted')}</Table.Th>
              <Table.Th ta="right">{t('assessments.progress.draft')}</Table.Th>
              <Table.Th ta="right">{t('assessments.progress.submitted')}</Table.Th>
              <Table.Th ta="right">{t('assessments.progress.accepted')}</Table.Th>
              <Table.Th w={150}>{t('assessments.progress.completion')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td><Text size="sm">{r.label}</Text></Table.Td>
                <Table.Td ta="right">{r.assigned}</Table.Td>
                <Table.Td ta="right">{r.notStarted}</Table.Td>
                <Table.Td ta="right">{r.draft}</Table.Td>
                <Table.Td ta="right">{r.submitted}</Table.Td>
                <Table.Td ta="right">{r.accepted}</Table.Td>
                <Table.Td><CompletionBar completion={r.completion} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {pages > 1 ? <Pagination size="sm" total={pages} value={page} onChange={setPage} style={{ alignSelf: 'center' }} /> : null}
      </Stack>
    </Card>
  );
}
