import { Button, FileInput, Group, Modal, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface FileImportLabels {
  title: string;
  file: string;
  filePlaceholder: string;
  pickFile: string;
  submit: string;
  again: string;
}

/**
 * One file up to the server, then the report of what was and was not taken: the shell the
 * import dialogs share (file picking, refusal, report, again / close). `fields` are the dialog's
 * own choices; `error` shows a refusal; changing a choice should call the `reset` it is given.
 */
export function FileImportModal<R>({ opened, onClose, labels, size = 'lg', upload, onDone, report, error, before, fields }: {
  opened: boolean;
  onClose: () => void;
  labels: FileImportLabels;
  size?: string;
  upload: (file: File) => Promise<R>;
  onDone?: () => unknown;
  report: (r: R) => ReactNode;
  error: (err: unknown) => ReactNode;
  /** Above the file, under a refusal: notes and choices. */
  before?: (reset: () => void) => ReactNode;
  /** Below the file: the dialog's own choices. */
  fields?: (reset: () => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const run = useMutation({ mutationFn: upload, onSuccess: () => onDone?.() });
  const reset = () => {
    setFile(null);
    setFileMissing(false);
    run.reset();
  };
  const close = () => {
    reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFileMissing(!file);
    if (file) run.mutate(file);
  };
  return (
    <Modal opened={opened} onClose={close} title={labels.title} size={size} centered>
      {run.data ? (
        <Stack>
          {report(run.data)}
          <Group justify="flex-end">
            <Button variant="default" onClick={reset} data-testid="import-again">{labels.again}</Button>
            <Button onClick={close} data-testid="import-close">{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {run.error ? error(run.error) : null}
            {before?.(() => run.reset())}
            <FileInput label={labels.file} placeholder={labels.filePlaceholder} value={file} clearable required
              onChange={(f) => {
                setFile(f);
                setFileMissing(false);
                run.reset();
              }}
              error={fileMissing ? labels.pickFile : undefined} data-testid="import-file" />
            {fields?.(() => run.reset())}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
              <Button type="submit" loading={run.isPending} data-testid="import-submit">{labels.submit}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
