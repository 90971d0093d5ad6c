import { Alert, Button, Group, Modal, Radio, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { CONFIDENTIALITY_LEVELS, type RegulationDetail, UNSHAREABLE_CONFIDENTIALITY, type Visibility, catalogsApi } from './api.ts';

/** 公開範囲の変更 (PATCH): share with the consortium or keep private; 機密性4 is never shared. */
export function VisibilityModal({ regulation, opened, onClose }: { regulation: RegulationDetail; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [visibility, setVisibility] = useState<Visibility>(regulation.visibility);
  const [confidentiality, setConfidentiality] = useState(regulation.confidentiality);
  useEffect(() => {
    if (opened) {
      setVisibility(regulation.visibility);
      setConfidentiality(regulation.confidentiality);
    }
  }, [opened, regulation.visibility, regulation.confidentiality]);
  const noShare = confidentiality >= UNSHAREABLE_CONFIDENTIALITY;
  const save = useMutation({
    mutationFn: () => catalogsApi.patch(regulation.id, { visibility: noShare ? 'private' : visibility, confidentiality }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['catalogs'] });
      notifications.show({ message: t('catalogs.detail.visibilitySaved'), color: 'teal' });
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('catalogs.detail.visibilityTitle')} centered size="lg">
      <Stack>
        <Text size="sm" c="dimmed">{t('catalogs.detail.visibilityLead')}</Text>
        <Select
          label={t('catalogs.confidentiality.label')}
          data={CONFIDENTIALITY_LEVELS.map((l) => ({ value: String(l), label: t(`catalogs.confidentiality.l${l}`) }))}
          value={String(confidentiality)}
          allowDeselect={false}
          onChange={(l) => {
            if (!l) return;
            setConfidentiality(Number(l));
            if (Number(l) >= UNSHAREABLE_CONFIDENTIALITY) setVisibility('private');
          }}
          comboboxProps={{ withinPortal: true }}
        />
        <Radio.Group label={t('catalogs.importPage.visibility')} value={visibility} onChange={(v) => setVisibility(v as Visibility)}>
          <Group mt={6}>
            <Radio value="private" label={t('catalogs.visibility.private')} data-testid="visibility-private" />
            <Radio value="consortium" label={t('catalogs.visibility.consortium')} disabled={noShare} data-testid="visibility-consortium" />
          </Group>
        </Radio.Group>
        {noShare ? (
          <Alert color="red" variant="light"><Text size="sm">{t('catalogs.confidentiality.noShare4')}</Text></Alert>
        ) : confidentiality === 3 && visibility === 'consortium' ? (
          <Alert color="yellow" variant="light"><Text size="sm">{t('catalogs.confidentiality.warn3')}</Text></Alert>
        ) : null}
        <ErrorAlert error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="visibility-save">{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
