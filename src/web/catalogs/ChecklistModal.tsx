import { Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { catalogsApi } from './api.ts';

interface Props {
  regulation: { id: string; title: string };
  latestVersionNo: number;
  selected: ReadonlySet<string>;
  opened: boolean;
  onClose: () => void;
}

/** チェックリストを作成: from every clause or from the ticked ones, then open the new checklist. */
export function ChecklistModal({ regulation, latestVersionNo, selected, opened, onClose }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [title, setTitle] = useState('');
  const [from, setFrom] = useState<'all' | 'selected'>('all');
  useEffect(() => {
    if (!opened) return;
    setTitle(t('catalogs.checklist.defaultName', { title: regulation.title }));
    setFrom(selected.size > 0 ? 'selected' : 'all');
  }, [opened, regulation.title, selected.size, t]);
  const create = useMutation({
    mutationFn: () =>
      catalogsApi.createChecklist({ regulationId: regulation.id, title: title.trim(), ...(from === 'selected' ? { citations: [...selected] } : {}) }),
    onSuccess: async (res) => {
      await qc.invalidateQueries({ queryKey: ['catalogs', 'checklists'] });
      notifications.show({ message: t('catalogs.checklist.created', { count: res.items }), color: 'teal' });
      navigate(`/catalogs/checklists/${res.id}`);
    },
  });
  const invalid = !title.trim() || (from === 'selected' && selected.size === 0);
  return (
    <Modal opened={opened} onClose={onClose} title={t('catalogs.checklist.title')} centered size="lg">
      <Stack>
        <TextInput label={t('catalogs.checklist.name')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required data-testid="checklist-title" />
        <Radio.Group value={from} onChange={(v) => setFrom(v as 'all' | 'selected')}>
          <Stack gap="xs">
            <Radio value="all" label={t('catalogs.checklist.all')} data-testid="checklist-all" />
            <Radio value="selected" label={t('catalogs.checklist.selected', { count: selected.size })} disabled={selected.size === 0} data-testid="checklist-selected" />
          </Stack>
        </Radio.Group>
        {selected.size === 0 ? <Text size="xs" c="dimmed">{t('catalogs.checklist.selectHint')}</Text> : null}
        <Text size="xs" c="dimmed">{t('catalogs.checklist.latestOnly', { no: latestVersionNo })}</Text>
        <ErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={() => create.mutate()} loading={create.isPending} disabled={invalid} data-testid="checklist-create">
            {t('catalogs.checklist.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
