import { Button, Group, Modal, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { fieldErrors } from '../lib/problem.ts';
import { ACK_DEADLINE_HOURS, type AlertDetail, flowsApi } from './api.ts';
import { useInstitutions } from './shared.tsx';

type Dialog = 'confirm' | 'dismiss' | 'merge' | null;

/** The operator's three choices for an alert in review: send it, dismiss it with a reason, or merge it. */
export function ReviewActions({ alert }: { alert: AlertDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const inst = useInstitutions();
  const [open, setOpen] = useState<Dialog>(null);
  const [text, setText] = useState('');
  const [into, setInto] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const targets = useQuery({
    queryKey: ['flows', 'alerts', { institutionId: alert.institutionId, pageSize: 200, merge: true }],
    queryFn: () => flowsApi.alerts({ institutionId: alert.institutionId, page: 1, pageSize: 200 }),
    enabled: open === 'merge',
  });
  const run = useMutation({
    mutationFn: async (kind: Exclude<Dialog, null>) => {
      if (kind === 'confirm') return flowsApi.confirm(alert.id, text.trim() || undefined);
      if (kind === 'dismiss') return flowsApi.dismiss(alert.id, text.trim());
      return flowsApi.merge(alert.id, into!, text.trim() || undefined);
    },
    onSuccess: async (_, kind) => {
      notifications.show({ color: kind === 'confirm' ? 'teal' : 'gray', message: t(`flows.reviewActions.${kind === 'confirm' ? 'confirmed' : kind === 'dismiss' ? 'dismissed' : 'merged'}`) });
      close();
      await qc.invalidateQueries({ queryKey: ['flows'] });
    },
  });
  function close() {
    setOpen(null);
    setText('');
    setInto(null);
    setMissing(false);
    run.reset();
  }
  const submit = () => {
    if (open === 'dismiss' && !text.trim()) return setMissing(true);
    if (open === 'merge' && !into) return setMissing(true);
    if (open) run.mutate(open);
  };
  const fe = fieldErrors(run.error);
  const choices = (targets.data?.items ?? [])
    .filter((a) => a.id !== alert.id && !['merged', 'dismissed', 'closed'].includes(a.status))
    .map((a) => ({ value: a.id, label: `${a.internalHost} ↔ ${a.indicator.value} · ${t(`flows.status.${a.status}`)} · ${formatDateTime(a.lastSeen)}` }));
  const titleKey = open === 'confirm' ? 'flows.reviewActions.confirmTitle' : open === 'dismiss' ? 'flows.reviewActions.dismissTitle' : 'flows.reviewActions.mergeTitle';
  return (
    <Paper withBorder radius="md" p="md" data-testid="review-actions" style={{ borderLeft: '4px solid var(--mantine-color-violet-6)' }}>
      <Stack gap="sm">
        <Title order={4}>{t('flows.reviewActions.title')}</Title>
        <Text size="sm" c="dimmed">{t('flows.reviewActions.lead')}</Text>
        <Group gap="sm">
          <Button onClick={() => setOpen('confirm')} data-testid="review-confirm">{t('flows.reviewActions.confirm')}</Button>
          <Button variant="default" color="red" onClick={() => setOpen('dismiss')} data-testid="review-dismiss">{t('flows.reviewActions.dismiss')}</Button>
          <Button variant="default" onClick={() => setOpen('merge')} data-testid="review-merge">{t('flows.reviewActions.merge')}</Button>
        </Group>
      </Stack>
      <Modal opened={open !== null} onClose={close} title={open ? t(titleKey) : ''} centered size="lg">
        <Stack>
          {open === 'confirm' ? (
            <Text size="sm">{t('flows.reviewActions.confirmLead', { institution: inst.nameOf(alert.institutionId), hours: ACK_DEADLINE_HOURS[alert.urgency] })}</Text>
          ) : null}
          {open === 'dismiss' ? <Text size="sm">{t('flows.reviewActions.dismissLead')}</Text> : null}
          {open === 'merge' ? <Text size="sm">{t('flows.reviewActions.mergeLead')}</Text> : null}
          <ErrorAlert error={run.error} fields={['reason', 'into', 'note']} />
          {open === 'merge' ? (
            choices.length || targets.isPending ? (
              <Select label={t('flows.reviewActions.into')} placeholder={t('flows.reviewActions.intoPlaceholder')} required data={choices} value={into} searchable
                onChange={(v) => { setInto(v); setMissing(false); }} error={missing ? t('flows.reviewActions.intoRequired') : fe.into} data-testid="merge-into" comboboxProps={{ withinPortal: true }} />
            ) : (
              <Text size="sm" c="dimmed" data-testid="merge-none">{t('flows.reviewActions.noTarget')}</Text>
            )
          ) : null}
          <Textarea
            label={open === 'dismiss' ? t('flows.reviewActions.reason') : t('flows.reviewActions.note')}
            placeholder={open === 'dismiss' ? t('flows.reviewActions.reasonPlaceholder') : t('flows.reviewActions.notePlaceholder')}
            required={open === 'dismiss'} autosize minRows={2} maxRows={6} maxLength={2000} value={text}
            onChange={(e) => { setText(e.currentTarget.value); setMissing(false); }}
            error={open === 'dismiss' && missing ? t('flows.reviewActions.reasonRequired') : (fe.reason ?? fe.note)} data-testid="review-text" data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button color={open === 'dismiss' ? 'red' : undefined} loading={run.isPending} onClick={submit} disabled={open === 'merge' && !choices.length && !targets.isPending}
              data-testid="review-submit">
              {open === 'confirm' ? t('flows.reviewActions.confirm') : open === 'dismiss' ? t('flows.reviewActions.dismiss') : t('flows.reviewActions.merge')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
