import { Alert, Button, FileInput, Group, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { Section } from '../components/Section.tsx';
import { Loading } from '../components/States.tsx';
import { isApiError } from '../lib/api.ts';
import { useSessionQuery } from '../platform/api.ts';
import { ACCEPTED_FILES, type Clause, type ParseForm, type Preview, catalogsApi } from './api.ts';
import { ImportPreview } from './ImportPreview.tsx';
import { ImportSaveForm, type SaveValues } from './ImportSaveForm.tsx';
import { reasonIn } from './UnplacedLines.tsx';

/** Why a file was refused, in the reader's language: the parser's own reason when it gave one. */
function PreviewError({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const reasons = isApiError(error) ? error.fieldErrors.filter((f) => f.path.endsWith('file')).map((f) => f.message) : [];
  const detail = isApiError(error) && !reasons.length ? error.problem.detail : undefined;
  if (!reasons.length && !detail) return <ErrorAlert error={error} />;
  return (
    <Alert color="red" variant="light" title={t('catalogs.importPage.refused')} data-testid="error-alert">
      {(reasons.length ? reasons : [detail ?? '']).map((r) => <Text key={r} size="sm">{reasonIn(r, i18n.language)}</Text>)}
    </Alert>
  );
}

const baseName = (name: string) => name.replace(/\.[^.]+$/, '');

const initialValues = (regulationId: string | null): SaveValues => ({
  regulationId, title: '', kind: 'regulation', visibility: 'private', confidentiality: 2, versionLabel: '',
});

/** 取り込み: choose a file → preview the parsed tree (correct levels) → title, kind, visibility → save. */
export function ImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const session = useSessionQuery();
  const [params] = useSearchParams();
  const [file, setFile] = useState<File | null>(null);
  const [form, setForm] = useState<'auto' | ParseForm>('auto');
  const [tree, setTree] = useState<Clause[]>([]);
  const [edits, setEdits] = useState(0);
  const [values, setValues] = useState<SaveValues>(() => initialValues(params.get('regulationId')));

  const preview = useMutation({
    mutationFn: (f: File) => catalogsApi.preview(f, session.data && 'csrfToken' in session.data ? session.data.csrfToken : null, form === 'auto' ? undefined : form),
    onSuccess: (p: Preview, f) => {
      setTree(p.clauses);
      setEdits(0);
      setValues((v) => ({
        ...v,
        title: v.title || p.title?.trim() || baseName(f.name),
        kind: v.regulationId ? v.kind : p.form === 'outline' ? 'standard' : 'regulation',
      }));
    },
  });
  const p = preview.data;

  const save = useMutation({
    mutationFn: () => {
      if (!p) throw new Error('no preview');
      return catalogsApi.save({
        ...(values.regulationId ? { regulationId: values.regulationId } : {}),
        title: values.title.trim(),
        kind: values.kind,
        visibility: values.visibility,
        confidentiality: values.confidentiality,
        ...(values.versionLabel.trim() ? { versionLabel: values.versionLabel.trim() } : {}),
        form: p.form,
        source: p.source,
        clauses: tree,
        unplaced: p.unplaced,
      });
    },
    onSuccess: async (saved) => {
      await qc.invalidateQueries({ queryKey: ['catalogs'] });
      notifications.show({ message: saved.versionNo > 1 ? t('catalogs.importPage.savedVersion', { no: saved.versionNo }) : t('catalogs.importPage.saved'), color: 'teal' });
      navigate(`/catalogs/${saved.id}${saved.versionNo > 1 ? '?diff=1' : ''}`);
    },
  });

  const read = () => {
    if (file) preview.mutate(file);
  };

  return (
    <Stack maw={1100}>
      <PageHeader title={t('catalogs.importPage.title')} lead={t('catalogs.importPage.lead')} />
      <Section title={t('catalogs.importPage.step1')}>
        <Group align="flex-end" wrap="wrap">
          <FileInput
            label={t('catalogs.importPage.file')}
            placeholder={t('catalogs.importPage.filePlaceholder')}
            description={t('catalogs.importPage.fileHint')}
            accept={ACCEPTED_FILES}
            value={file}
            onChange={(f) => {
              setFile(f);
              preview.reset();
              setTree([]);
              setValues((v) => (v.regulationId ? v : { ...v, title: '' }));
            }}
            clearable
            w={440}
            data-testid="import-file"
          />
          <Select
            label={t('catalogs.importPage.formLabel')}
            data={(['auto', 'article', 'outline'] as const).map((f) => ({ value: f, label: t(`catalogs.form.${f}`) }))}
            value={form}
            allowDeselect={false}
            onChange={(f) => f && setForm(f as 'auto' | ParseForm)}
            w={260}
            data-testid="import-form"
          />
          <Button onClick={read} disabled={!file} loading={preview.isPending} data-testid="import-read">
            {p ? t('catalogs.importPage.reread') : t('catalogs.importPage.read')}
          </Button>
        </Group>
        {!file && !p ? <Text size="sm" c="dimmed">{t('catalogs.importPage.pickFile')}</Text> : null}
        <PreviewError error={preview.error} />
      </Section>
      {preview.isPending ? <Loading label={t('catalogs.importPage.reading')} /> : null}
      {p && !preview.isPending ? (
        <>
          <ImportPreview
            key={preview.submittedAt}
            preview={p}
            tree={tree}
            edits={edits}
            onChange={(next) => {
              setTree(next);
              setEdits((n) => n + 1);
            }}
            onUndo={() => {
              setTree(p.clauses);
              setEdits(0);
            }}
          />
          <ImportSaveForm value={values} onChange={setValues} onSave={() => save.mutate()} saving={save.isPending} error={save.error} disabled={tree.length === 0} />
        </>
      ) : null}
    </Stack>
  );
}
