import { Button, Group, Paper, Progress, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { currentFiscalYear } from '../assessments/format.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { LoadError, Loading } from '../components/States.tsx';
import { formatDate, formatDateTime } from '../lib/datetime.ts';
import { type Summary, summaryReportUrl, useSummary } from './api.ts';
import { splitHours } from './format.ts';
import { fiscalYearOptions } from './LearningsPage.tsx';
import { canHandleIncidents } from './permissions.ts';
import { RequireIncidents } from './shared.tsx';

/** 年次報告: the CISO's yearly figures, and the PDF / Excel report of the same year. */
export function SummaryPage() {
  return <RequireIncidents allow={canHandleIncidents}><SummaryView /></RequireIncidents>;
}

function Figure({ label, value, sub, color, testId }: { label: string; value: string; sub?: string; color?: string; testId?: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="xl" fw={700} c={color} data-testid={testId}>{value}</Text>
      {sub ? <Text size="xs" c="dimmed">{sub}</Text> : null}
    </Paper>
  );
}

function SummaryView() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const fy = Number(params.get('fy')) || currentFiscalYear();
  const summary = useSummary(fy);
  return (
    <Stack>
      <PageHeader title={t('incidents.summary.title')} lead={t('incidents.summary.lead')}
        actions={(
          <>
            <Select aria-label={t('incidents.summary.fiscalYear')} w={150} value={String(fy)} allowDeselect={false} data={fiscalYearOptions(t)}
              onChange={(v) => setParams(v ? { fy: v } : {}, { replace: true })} data-testid="summary-fy" />
            <Button component="a" href={summaryReportUrl(fy, 'pdf')} variant="light" download data-testid="summary-pdf">{t('incidents.summary.pdf')}</Button>
            <Button component="a" href={summaryReportUrl(fy, 'xlsx')} variant="light" download data-testid="summary-xlsx">{t('incidents.summary.xlsx')}</Button>
          </>
        )} />
      {summary.isPending ? <Loading /> : null}
      {summary.isError ? <LoadError error={summary.error} onRetry={() => void summary.refetch()} /> : null}
      {summary.data ? <Figures s={summary.data} /> : null}
    </Stack>
  );
}

function Figures({ s }: { s: Summary }) {
  const { t } = useTranslation();
  const toContain = s.timeToContain.medianHours === null ? t('incidents.summary.toContainNone')
    : s.timeToContain.medianHours < 1 ? t('incidents.summary.toContainUnderHour')
    : s.timeToContain.medianHours >= 24 ? t('incidents.summary.toContainValue', splitHours(s.timeToContain.medianHours)) : t('incidents.summary.toContainHours', { hours: s.timeToContain.medianHours });
  const max = Math.max(1, ...s.byCategory.map((c) => c.count));
  const overdueReports = s.mandatoryReports.reduce((n, r) => n + r.overdue, 0);
  return (
    <Stack data-testid="summary">
      <Text size="sm" c="dimmed">
        {t('incidents.summary.fy', { year: s.fiscalYear, from: formatDate(s.from), to: formatDate(new Date(new Date(s.to).getTime() - 1).toISOString()) })}
        {' ・ '}{t('incidents.summary.generatedAt')}: {formatDateTime(s.generatedAt)}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure label={t('incidents.summary.incidents')} value={String(s.incidents)} sub={`${t('incidents.summary.recorded')} ${s.recorded} ・ ${t('incidents.summary.notIncidents')} ${s.notIncidents} ・ ${t('incidents.summary.undecided')} ${s.undecided}`} testId="summary-incidents" />
        <Figure label={t('incidents.summary.open')} value={String(s.open)} sub={`${t('incidents.summary.personal')} ${s.personalDataIncidents}`} />
        <Figure label={t('incidents.summary.toContain')} value={toContain} sub={s.timeToContain.contained ? t('incidents.summary.containedCount', { count: s.timeToContain.contained }) : undefined} />
        <Figure label={t('incidents.summary.openActions')} value={String(s.openActions.count)} color={s.openActions.overdue ? 'red.8' : undefined}
          sub={t('incidents.summary.openActionsValue', { count: s.openActions.count, overdue: s.openActions.overdue })} testId="summary-open-actions" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" radius="md">
          <Title order={5} mb="sm">{t('incidents.summary.byCategory')}</Title>
          {s.incidents === 0 ? <Text size="sm" c="dimmed">{t('incidents.summary.empty')}</Text> : (
            <Table data-testid="summary-categories" verticalSpacing={4}>
              <Table.Tbody>
                {s.byCategory.map((c) => (
                  <Table.Tr key={c.category} data-category={c.category}>
                    <Table.Td w={200}><Text size="sm">{t(`incidents.category.${c.category}`)}</Text></Table.Td>
                    <Table.Td><Progress value={(c.count / max) * 100} size="lg" color={c.count ? 'indigo' : 'gray'} /></Table.Td>
                    <Table.Td w={50} ta="right"><Text size="sm" fw={500}>{c.count}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <Stack>
          <Paper withBorder p="md" radius="md">
            <Title order={5} mb="sm">{t('incidents.summary.reports')}</Title>
            <Table data-testid="summary-reports" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('incidents.summary.owed')}</Table.Th>
                  <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('incidents.summary.done')}</Table.Th>
                  <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('incidents.summary.doneLate')}</Table.Th>
                  <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('incidents.summary.overdue')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.mandatoryReports.map((r) => (
                  <Table.Tr key={r.kind}>
                    <Table.Td><Text size="sm">{t(`incidents.obligation.${r.kind}`)}</Text></Table.Td>
                    <Table.Td ta="right">{r.owed}</Table.Td>
                    <Table.Td ta="right">{r.done}</Table.Td>
                    <Table.Td ta="right">{r.doneLate}</Table.Td>
                    <Table.Td ta="right"><Text size="sm" c={r.overdue ? 'red.8' : undefined} fw={r.overdue ? 700 : undefined}>{r.overdue}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {overdueReports ? <Text size="xs" c="red.8" mt={4}>{t('incidents.summary.overdue')}: {overdueReports}</Text> : null}
          </Paper>
          <SimpleGrid cols={2}>
            <Figure label={t('incidents.summary.lessons')} value={String(s.lessonsLearned)} />
            <Figure label={t('incidents.summary.nearMisses')} value={String(s.nearMisses)} />
          </SimpleGrid>
          <Paper withBorder p="md" radius="md">
            <Group gap="lg">
              <Stack gap={2}>
                <Text size="xs" c="dimmed">{t('incidents.summary.bySeverity')}</Text>
                <Text size="sm">{s.bySeverity.map((x) => `${t(`incidents.severity.${x.severity}`)} ${x.count}`).join(' ・ ')}</Text>
              </Stack>
              <Stack gap={2}>
                <Text size="xs" c="dimmed">{t('incidents.summary.byStatus')}</Text>
                <Text size="sm">{s.byStatus.map((x) => `${t(`incidents.status.${x.status}`)} ${x.count}`).join(' ・ ')}</Text>
              </Stack>
            </Group>
          </Paper>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
