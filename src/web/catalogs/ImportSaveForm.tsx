import { Alert, Button, Group, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Section } from '../components/Section.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { CONFIDENTIALITY_LEVELS, KINDS, type RegulationKind, UNSHAREABLE_CONFIDENTIALITY, type Visibility, catalogsApi } from './api.ts';

export interface SaveValues {
  regulationId: string | null;
  title: string;
  kind: RegulationKind;
  visibility: Visibility;
  confidentiality: number;
  versionLabel: string;
}

interface Props {
  value: SaveValues;
  onChange: (v: SaveValues) => void;
  onSave: () => void;
  saving: boolean;
  error: unknown;
  disabled: boolean;
}

/** Title, kind, visibility, classification and (optionally) which existing regulation this is a new version of. */
export function ImportSaveForm({ value: v, onChange, onSave, saving, error, disabled }: Props) {
  const { t } = useTranslation();
  const [titleError, setTitleError] = useState<string | null>(null);
  const mine = useQuery({ queryKey: ['catalogs', 'list', 'mine', '', 'all'], queryFn: () => catalogsApi.list({ scope: 'mine', pageSize: 100 }) });
  const fe = fieldErrors(error);
  const noShare = v.confidentiality >= UNSHAREABLE_CONFIDENTIALITY;

  const set = (patch: Partial<SaveValues>) => {
    const next = { ...v, ...patch };
    if (next.confidentiality >= UNSHAREABLE_CONFIDENTIALITY) next.visibility = 'private';
    onChange(next);
  };
  const pickExisting = (id: string | null) => {
    const r = mine.data?.items.find((x) => x.id === id);
    if (!r) return set({ regulationId: null });
    set({ regulationId: r.id, title: r.title, kind: r.kind, visibility: r.visibility, confidentiality: r.confidentiality });
  };
  // Arriving from a regulation's page (?regulationId=…): fill in what that regulation already has.
  useEffect(() => {
    if (v.regulationId && !v.title && mine.data) pickExisting(v.regulationId);
  }, [mine.data]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!v.title.trim()) {
      setTitleError(t('catalogs.importPage.titleRequired'));
      return;
    }
    setTitleError(null);
    onSave();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Section title={t('catalogs.importPage.step3')} testId="import-save">
        <Select
          label={t('catalogs.importPage.newVersionOf')}
          description={t('catalogs.importPage.newVersionHint')}
          placeholder={t('catalogs.importPage.newVersionNone')}
          data={(mine.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.title}（${t('catalogs.list.versionNo', { no: r.versionNo ?? 0 })}）` }))}
          value={v.regulationId}
          onChange={pickExisting}
          clearable
          searchable
          nothingFoundMessage={t('catalogs.list.emptyMine')}
          data-testid="save-existing"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('catalogs.importPage.docTitle')}
            required
            value={v.title}
            onChange={(e) => set({ title: e.currentTarget.value })}
            error={titleError ?? fe.title}
            data-testid="save-title"
          />
          {v.regulationId ? (
            <TextInput
              label={t('catalogs.importPage.versionLabel')}
              placeholder={t('catalogs.importPage.versionLabelPlaceholder')}
              value={v.versionLabel}
              onChange={(e) => set({ versionLabel: e.currentTarget.value })}
              error={fe.versionLabel}
              data-testid="save-version-label"
            />
          ) : (
            <Select
              label={t('catalogs.importPage.kind')}
              data={KINDS.map((k) => ({ value: k, label: t(`catalogs.kind.${k}`) }))}
              value={v.kind}
              allowDeselect={false}
              onChange={(k) => k && set({ kind: k as RegulationKind })}
              data-testid="save-kind"
            />
          )}
          <Select
            label={t('catalogs.confidentiality.label')}
            data={CONFIDENTIALITY_LEVELS.map((l) => ({ value: String(l), label: t(`catalogs.confidentiality.l${l}`) }))}
            value={String(v.confidentiality)}
            allowDeselect={false}
            onChange={(l) => l && set({ confidentiality: Number(l) })}
            error={fe.confidentiality}
            data-testid="save-confidentiality"
          />
          <Radio.Group
            label={t('catalogs.importPage.visibility')}
            value={v.visibility}
            onChange={(x) => set({ visibility: x as Visibility })}
            error={fe.visibility}
            description={noShare ? undefined : v.visibility === 'consortium' ? t('catalogs.importPage.sharedHint') : t('catalogs.importPage.privateHint')}
          >
            <Group mt={6}>
              <Radio value="private" label={t('catalogs.visibility.private')} data-testid="save-private" />
              <Radio value="consortium" label={t('catalogs.visibility.consortium')} disabled={noShare} data-testid="save-shared" />
            </Group>
          </Radio.Group>
        </SimpleGrid>
        {noShare ? (
          <Alert color="red" variant="light" data-testid="no-share-note">
            <Text size="sm">{t('catalogs.confidentiality.noShare4')}</Text>
          </Alert>
        ) : v.confidentiality === 3 && v.visibility === 'consortium' ? (
          <Alert color="yellow" variant="light"><Text size="sm">{t('catalogs.confidentiality.warn3')}</Text></Alert>
        ) : null}
        <ErrorAlert error={error} fields={['title', 'versionLabel', 'confidentiality', 'visibility']} />
        <Stack align="flex-start">
          <Button type="submit" loading={saving} disabled={disabled} data-testid="save-submit">{t('catalogs.importPage.save')}</Button>
        </Stack>
      </Section>
    </form>
  );
}
