import { Alert, Select, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { FileImportModal } from '../components/FileImportModal.tsx';
import { isApiError } from '../lib/api.ts';
import { useSessionQuery } from '../platform/api.ts';
import { FEED_FORMATS, type FeedFormat, type ImportIssue, type Source, intelApi } from './api.ts';
import { useFormatLabel } from './Badges.tsx';
import { ImportReport, IssueTable } from './ImportReport.tsx';

/** A refused file: the server's reason and, when it names them, the lines it could not read. */
function Refused({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!isApiError(error) || error.code !== 'validation' || !error.problem.detail) return <ErrorAlert error={error} />;
  const issues: ImportIssue[] = error.fieldErrors
    .filter((f) => f.path !== 'file')
    .map((f) => {
      const line = /^line (\d+)$/.exec(f.path);
      return line ? { line: Number(line[1]), message: f.message } : { position: f.path, message: f.message };
    });
  return (
    <Alert color="red" variant="light" title={t('intel.importDialog.refused')} data-testid="error-alert">
      <Stack gap="xs">
        <Text size="sm">{error.problem.detail}</Text>
        {issues.length ? <IssueTable issues={issues} /> : null}
      </Stack>
    </Alert>
  );
}

/** 取り込み: one file into one source, then the report of what was and was not taken. */
export function ImportDialog({ source, onClose }: { source: Source | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const session = useSessionQuery();
  const formatLabel = useFormatLabel();
  const [format, setFormat] = useState<'auto' | FeedFormat>('auto');
  return (
    <FileImportModal
      opened={!!source} size="xl"
      onClose={() => {
        setFormat('auto');
        onClose();
      }}
      labels={{
        title: source ? t('intel.importDialog.title', { name: source.name }) : '', file: t('intel.importDialog.file'), filePlaceholder: t('intel.importDialog.filePlaceholder'),
        pickFile: t('intel.importDialog.pickFile'), submit: t('intel.importDialog.submit'), again: t('intel.importDialog.again'),
      }}
      upload={(f) => {
        if (!source) throw new Error('no source');
        const csrf = session.data && 'csrfToken' in session.data ? session.data.csrfToken : null;
        return intelApi.importFile(source.id, f, csrf, format === 'auto' ? undefined : format);
      }}
      onDone={() => qc.invalidateQueries({ queryKey: ['intel'] })}
      report={(r) => <ImportReport report={r} />}
      error={(err) => <Refused error={err} />}
      before={() => (source?.disabledAt ? <Alert color="yellow" variant="light">{t('intel.importDialog.disabledNote')}</Alert> : null)}
      fields={(reset) => (
        <Select label={t('intel.importDialog.format')} description={t('intel.importDialog.formatHint')} value={format} allowDeselect={false}
          onChange={(v) => { if (v) { setFormat(v as 'auto' | FeedFormat); reset(); } }} data-testid="import-format-select"
          data={[{ value: 'auto', label: formatLabel('auto') }, ...FEED_FORMATS.map((f) => ({ value: f, label: formatLabel(f) }))]} />
      )}
    />
  );
}
