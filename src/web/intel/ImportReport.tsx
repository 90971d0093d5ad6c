import { Alert, Group, Paper, ScrollArea, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportIssue, ImportReport as Report } from './api.ts';
import { useFormatLabel } from './Badges.tsx';
import { issueIn } from './issues.ts';

function Count({ label, value, color, testId }: { label: string; value: number; color: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="sm" data-testid={testId} data-count={value} style={{ borderLeft: `4px solid var(--mantine-color-${color}-6)` }}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="xl" fw={700} c={value > 0 ? `${color}.8` : 'dimmed'}>{t('intel.report.count', { count: value })}</Text>
    </Paper>
  );
}

/** Where an issue is: `12行目`, a position inside a STIX/MISP file, or the whole file. */
export function useIssuePlace() {
  const { t } = useTranslation();
  return (i: ImportIssue) => (i.line ? t('intel.report.lineNo', { line: i.line }) : i.position || t('intel.report.whole'));
}

/** Rejected entries: where, and why. */
export function IssueTable({ issues }: { issues: readonly ImportIssue[] }) {
  const { t, i18n } = useTranslation();
  const place = useIssuePlace();
  return (
    <ScrollArea.Autosize mah={280} type="auto">
      <Table withTableBorder striped bg="white" data-testid="import-issues">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={140}>{t('intel.report.line')}</Table.Th>
            <Table.Th>{t('intel.report.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {issues.map((i, n) => (
            <Table.Tr key={`${i.line ?? i.position ?? ''}-${n}`} data-testid="import-issue" data-line={i.line ?? ''}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}><Text size="sm" ff={i.line ? undefined : 'monospace'}>{place(i)}</Text></Table.Td>
              <Table.Td><Text size="sm" style={{ wordBreak: 'break-all' }}>{issueIn(i.message, i18n.language)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

/** 取り込み結果: 追加 / 更新 / 不採用, and the lines not taken. */
export function ImportReport({ report }: { report: Report }) {
  const { t } = useTranslation();
  const formatLabel = useFormatLabel();
  return (
    <Stack gap="sm" data-testid="import-report">
      <Group justify="space-between">
        <Text fw={600}>{t('intel.report.title')}</Text>
        <Text size="sm" c="dimmed" data-testid="import-format">{t('intel.report.format', { format: formatLabel(report.format) })}</Text>
      </Group>
      <SimpleGrid cols={3}>
        <Count label={t('intel.report.added')} value={report.added} color="teal" testId="report-added" />
        <Count label={t('intel.report.updated')} value={report.updated} color="blue" testId="report-updated" />
        <Count label={t('intel.report.rejected')} value={report.rejected} color="red" testId="report-rejected" />
      </SimpleGrid>
      {report.warnings > 0 ? <Text size="sm" c="dimmed">{t('intel.report.warnings', { count: report.warnings })}</Text> : null}
      {report.rejected === 0 ? (
        <Alert color="teal" variant="light">{t('intel.report.allTaken')}</Alert>
      ) : (
        <Stack gap="xs">
          <Text fw={600} size="sm">{t('intel.report.rejectedTitle')}</Text>
          <Text size="sm" c="dimmed">{t('intel.report.rejectedLead')}</Text>
          <IssueTable issues={report.issues} />
          {report.issues.length < report.rejected ? (
            <Text size="xs" c="dimmed">{t('intel.report.truncated', { shown: report.issues.length, total: report.rejected })}</Text>
          ) : null}
        </Stack>
      )}
    </Stack>
  );
}
