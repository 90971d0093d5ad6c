import { Button, Group, Modal, NumberInput, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { CATEGORIES, FEED_FORMATS, type SourceFormat, TLPS, type Tlp, intelApi } from './api.ts';
import { useCategoryLabel, useFormatLabel } from './Badges.tsx';

const FIELDS = ['name', 'format', 'defaultCategory', 'defaultConfidence', 'defaultTlp', 'note'] as const;

/** 情報源の追加: a name, the usual format, and defaults for indicators whose file says nothing. */
export function SourceDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const categoryLabel = useCategoryLabel();
  const formatLabel = useFormatLabel();
  const [name, setName] = useState('');
  const [format, setFormat] = useState<SourceFormat>('mixed');
  const [category, setCategory] = useState<string | null>(null);
  const [confidence, setConfidence] = useState<number | string>('');
  const [tlp, setTlp] = useState<Tlp | null>(null);
  const [note, setNote] = useState('');
  const [nameMissing, setNameMissing] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      intelApi.createSource({
        name: name.trim(),
        format,
        ...(category ? { defaultCategory: category } : {}),
        ...(typeof confidence === 'number' ? { defaultConfidence: confidence } : {}),
        ...(tlp ? { defaultTlp: tlp } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('intel.sourceDialog.created', { name: name.trim() }) });
      await qc.invalidateQueries({ queryKey: ['intel', 'sources'] });
      close();
    },
  });
  function close() {
    setName('');
    setFormat('mixed');
    setCategory(null);
    setConfidence('');
    setTlp(null);
    setNote('');
    setNameMissing(false);
    create.reset();
    onClose();
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing = !name.trim();
    setNameMissing(missing);
    if (!missing) create.mutate();
  };
  const fe = fieldErrors(create.error);
  return (
    <Modal opened={opened} onClose={close} title={t('intel.sourceDialog.title')} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={create.error} fields={FIELDS} />
          <TextInput label={t('intel.sourceDialog.name')} placeholder={t('intel.sourceDialog.namePlaceholder')} required value={name}
            error={nameMissing ? t('intel.sourceDialog.nameRequired') : fe.name} onChange={(e) => setName(e.currentTarget.value)} data-testid="source-name" data-autofocus />
          <Select label={t('intel.sourceDialog.format')} description={t('intel.sourceDialog.formatHint')} value={format} allowDeselect={false}
            onChange={(v) => v && setFormat(v as SourceFormat)} error={fe.format} data-testid="source-format"
            data={[{ value: 'mixed', label: formatLabel('mixed') }, ...FEED_FORMATS.map((f) => ({ value: f, label: formatLabel(f) }))]} />
          <Group grow align="flex-start">
            <Select label={t('intel.sourceDialog.category')} description={t('intel.sourceDialog.categoryHint')} placeholder={t('intel.sourceDialog.categoryPlaceholder')}
              clearable value={category} onChange={setCategory} error={fe.defaultCategory} data-testid="source-category"
              data={CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) }))} />
            <NumberInput label={t('intel.sourceDialog.confidence')} min={0} max={100} allowDecimal={false} clampBehavior="strict" value={confidence}
              onChange={setConfidence} error={fe.defaultConfidence} data-testid="source-confidence" mt={0} />
          </Group>
          <Select label={t('intel.sourceDialog.tlp')} placeholder={t('intel.sourceDialog.tlpPlaceholder')} clearable value={tlp}
            onChange={(v) => setTlp(v as Tlp | null)} error={fe.defaultTlp} data-testid="source-tlp" data={TLPS.map((l) => ({ value: l, label: `TLP:${l}` }))} />
          <Textarea label={t('intel.sourceDialog.note')} placeholder={t('intel.sourceDialog.notePlaceholder')} autosize minRows={2} maxRows={5}
            value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fe.note} maxLength={2000} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending} data-testid="source-submit">{t('intel.sourceDialog.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
