import { Alert, Button, Group, Paper, Stack, Stepper, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { type AlertDetail, type InstitutionStatus, NOTE_REQUIRED, flowsApi } from './api.ts';

type Next = Exclude<InstitutionStatus, 'received'>;

/** Steps done (Mantine highlights the next one) on received → acknowledged → investigating → mitigated / not affected → closed. */
function stepOf(status: string): number {
  return { received: 1, acknowledged: 2, investigating: 3, mitigated: 4, not_affected: 4, closed: 5 }[status] ?? 0;
}

/** The institution's response: the steps so far and a button for each next step (with a note where one is required). */
export function Workflow({ alert, canRespond }: { alert: AlertDetail; canRespond: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const move = useMutation({
    mutationFn: (to: Next) => flowsApi.status(alert.id, to, note.trim() || undefined),
    onSuccess: async (_, to) => {
      notifications.show({ color: 'teal', message: t('flows.workflow.done', { status: t(`flows.status.${to}`) }) });
      setNote('');
      await qc.invalidateQueries({ queryKey: ['flows'] });
    },
  });
  const go = (to: Next) => {
    if (NOTE_REQUIRED.includes(to) && !note.trim()) return setMissing(true);
    setMissing(false);
    move.mutate(to);
  };
  const next = alert.next.filter((s): s is Next => s !== 'received');
  const needsNote = next.some((s) => NOTE_REQUIRED.includes(s));
  const endLabel = alert.status === 'not_affected' ? t('flows.status.not_affected') : alert.status === 'mitigated' ? t('flows.status.mitigated') : `${t('flows.status.mitigated')}／${t('flows.status.not_affected')}`;
  return (
    <Paper withBorder radius="md" p="md" data-testid="workflow" style={{ borderLeft: '4px solid var(--mantine-color-blue-6)' }}>
      <Stack gap="sm">
        <Title order={4}>{t('flows.workflow.title')}</Title>
        <Stepper active={stepOf(alert.status)} size="xs" orientation="vertical" allowNextStepsSelect={false}>
          <Stepper.Step label={t('flows.status.received')} />
          <Stepper.Step label={t('flows.status.acknowledged')} />
          <Stepper.Step label={t('flows.status.investigating')} />
          <Stepper.Step label={endLabel} />
          <Stepper.Step label={t('flows.status.closed')} />
        </Stepper>
        {!canRespond ? <Text size="sm" c="dimmed">{t('flows.workflow.operatorNote')}</Text> : null}
        {canRespond && next.length === 0 ? <Alert color="green" variant="light">{t('flows.workflow.finished')}</Alert> : null}
        {canRespond && next.length > 0 ? (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">{t('flows.workflow.lead')}</Text>
            <ErrorAlert error={move.error} fields={['note']} />
            <Textarea label={needsNote ? t('flows.workflow.note') : t('flows.workflow.noteOptional')} placeholder={t('flows.workflow.notePlaceholder')}
              required={needsNote} autosize minRows={2} maxRows={6} maxLength={4000} value={note}
              onChange={(e) => { setNote(e.currentTarget.value); setMissing(false); }}
              error={missing ? t('flows.workflow.noteRequired') : undefined} data-testid="workflow-note" />
            <Group gap="sm">
              {next.map((s) => (
                <Button key={s} variant={s === 'not_affected' ? 'light' : 'filled'} loading={move.isPending && move.variables === s} onClick={() => go(s)} data-testid={`workflow-${s}`}>
                  {t(`flows.workflow.to.${s}`)}
                </Button>
              ))}
            </Group>
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}
