import { Alert, List, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { FileImportModal } from '../components/FileImportModal.tsx';
import { useSession } from '../platform/api.ts';
import { type ImportKind, type LogImportReport, flowsApi } from './api.ts';
import { canReviewAlerts } from './permissions.ts';

/** What one import did: rows read and not read (with their line numbers), sightings, alerts. */
function Report({ report }: { report: LogImportReport }) {
  const { t } = useTranslation();
  const rows: [string, string | number, string][] = [
    [t('flows.importLogs.format'), `${t(`flows.importLogs.formats.${report.format}`)}（${report.filename}）`, 'import-format'],
    [t('flows.importLogs.rows'), t('flows.importLogs.rowsValue', { count: report.rows }), 'import-rows'],
    [t('flows.importLogs.malformed'), report.malformed || t('flows.importLogs.malformedNone'), 'import-malformed'],
    [t('flows.importLogs.sightings'), report.sightings, 'import-sightings'],
    ...(report.outsideYourNetworks ? [[t('flows.importLogs.outside'), report.outsideYourNetworks, 'import-outside'] as [string, number, string]] : []),
    ...(report.badTimes ? [[t('flows.importLogs.badTimes'), report.badTimes, 'import-bad-times'] as [string, number, string]] : []),
    [t('flows.importLogs.alertsCreated'), report.alertsCreated, 'import-created'],
    [t('flows.importLogs.alertsUpdated'), report.alertsUpdated, 'import-updated'],
    [t('flows.importLogs.alertsSent'), report.alertsSent, 'import-sent'],
  ];
  const where = (i: LogImportReport['issues'][number]) => (i.line !== undefined ? t('flows.importLogs.line', { line: i.line }) : `offset ${i.offset ?? '?'}`);
  return (
    <Stack gap="sm" data-testid="import-report">
      <Text fw={600}>{t('flows.importLogs.report')}</Text>
      <Table withRowBorders={false} verticalSpacing={4} layout="fixed">
        <Table.Tbody>
          {rows.map(([label, value, testId]) => (
            <Table.Tr key={label}>
              <Table.Td w="55%"><Text size="sm" c="dimmed">{label}</Text></Table.Td>
              <Table.Td data-testid={testId}><Text size="sm">{value}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {report.sightings === 0 ? <Text size="sm" c="dimmed">{t('flows.importLogs.noSightings')}</Text> : null}
      {report.issues.length ? (
        <Alert color="yellow" variant="light" title={t('flows.importLogs.issues', { count: report.issues.length })}>
          <List size="sm" data-testid="import-issues">
            {report.issues.map((i) => <List.Item key={`${i.line ?? i.offset}-${i.message}`}>{where(i)}: {i.message}</List.Item>)}
          </List>
          {report.issuesOmitted ? <Text size="sm" mt={4}>{t('flows.importLogs.omitted', { count: report.issuesOmitted })}</Text> : null}
        </Alert>
      ) : null}
    </Stack>
  );
}

/** ログの取り込み: a DNS log or flow file matched against the current indicators on the server. */
export function ImportLogsDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const qc = useQueryClient();
  const [kind, setKind] = useState<ImportKind>('dns');
  return (
    <FileImportModal
      opened={opened} onClose={onClose}
      labels={{
        title: t('flows.importLogs.title'), file: t('flows.importLogs.file'), filePlaceholder: t('flows.importLogs.filePlaceholder'),
        pickFile: t('flows.importLogs.pickFile'), submit: t('flows.importLogs.submit'), again: t('flows.importLogs.again'),
      }}
      upload={(f) => flowsApi.importLogs(f, kind)}
      onDone={() => qc.invalidateQueries({ queryKey: ['flows'] })}
      report={(r) => <Report report={r} />}
      error={(err) => <ErrorAlert error={err} title={t('flows.importLogs.refused')} />}
      before={(reset) => (
        <>
          <Text size="sm" c="dimmed">{t('flows.importLogs.lead')}{canReviewAlerts(session) ? '' : ` ${t('flows.importLogs.leadCsirt')}`}</Text>
          <Stack gap={4}>
            <Text size="sm" fw={500}>{t('flows.importLogs.kind')}</Text>
            <SegmentedControl value={kind} onChange={(v) => { setKind(v as ImportKind); reset(); }} data-testid="import-kind"
              data={(['dns', 'flows'] as const).map((k) => ({ value: k, label: t(`flows.importLogs.kinds.${k}`) }))} fullWidth />
            <Text size="xs" c="dimmed">{t('flows.importLogs.kindHint')}</Text>
          </Stack>
        </>
      )}
    />
  );
}
