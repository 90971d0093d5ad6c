import { Alert, Button, FileInput, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
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
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<'auto' | FeedFormat>('auto');
  const [fileMissing, setFileMissing] = useState(false);
  const run = useMutation({
    mutationFn: (f: File) => {
      if (!source) throw new Error('no source');
      const csrf = session.data && 'csrfToken' in session.data ? session.data.csrfToken : null;
      return intelApi.importFile(source.id, f, csrf, format === 'auto' ? undefined : format);
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['intel'] }),
  });
  const reset = () => {
    setFile(null);
    setFileMissing(false);
    run.reset();
  };
  const close = () => {
    reset();
    setFormat('auto');
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFileMissing(!file);
    if (file) run.mutate(file);
  };
  return (
    <Modal opened={!!source} onClose={close} title={source ? t('intel.importDialog.title', { name: source.name }) : ''} size="xl" centered>
      {run.data ? (
        <Stack>
          <ImportReport report={run.data} />
          <Group justify="flex-end">
            <Button variant="default" onClick={reset} data-testid="import-again">{t('intel.importDialog.again')}</Button>
            <Button onClick={close} data-testid="import-close">{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {source?.disabledAt ? <Alert color="yellow" variant="light">{t('intel.importDialog.disabledNote')}</Alert> : null}
            {run.error ? <Refused error={run.error} /> : null}
            <FileInput label={t('intel.importDialog.file')} placeholder={t('intel.importDialog.filePlaceholder')} value={file} clearable required
              onChange={(f) => {
                setFile(f);
                setFileMissing(false);
                run.reset();
              }}
              error={fileMissing ? t('intel.importDialog.pickFile') : undefined} data-testid="import-file" />
            <Select label={t('intel.importDialog.format')} description={t('intel.importDialog.formatHint')} value={format} allowDeselect={false}
              onChange={(v) => v && setFormat(v as 'auto' | FeedFormat)} data-testid="import-format-select"
              data={[{ value: 'auto', label: formatLabel('auto') }, ...FEED_FORMATS.map((f) => ({ value: f, label: formatLabel(f) }))]} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
              <Button type="submit" loading={run.isPending} data-testid="import-submit">{t('intel.importDialog.submit')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
