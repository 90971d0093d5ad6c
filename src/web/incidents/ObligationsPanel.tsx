import { Badge, Button, Group, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { formatDate } from '../lib/datetime.ts';
import { fieldErrors } from '../lib/problem.ts';
import { type Incident, type Obligation, type ObligationKind, incidentsApi, useIncidentMutation } from './api.ts';
import { deadlineDay, jstToday, timeLeft } from './format.ts';

/**
 * 報告義務と期限: PPC preliminary and final reports, MEXT and the CISO, with the legal basis.
 * Overdue ones are red. Recording a report stays possible after closing (a final report may come later).
 */
export function ObligationsPanel({ incident: i }: { incident: Incident }) {
  const { t } = useTranslation();
  const [marking, setMarking] = useState<ObligationKind | null>(null);
  const clear = useIncidentMutation(i.id, (kind: ObligationKind) => incidentsApi.obligation(i.id, kind, { doneAt: null }),
    () => notifications.show({ message: t('incidents.obligations.cleared'), color: 'teal' }));
  return (
    <Paper withBorder p="md" radius="md" data-testid="obligations-panel">
      <Stack gap="sm">
        <Title order={4}>{t('incidents.obligations.title')}</Title>
        {i.obligations.length === 0 ? <Text size="sm" c="dimmed" data-testid="obligations-none">{t('incidents.obligations.none')}</Text> : (
          <>
            <Text size="xs" c="dimmed">{t('incidents.obligations.lead')}</Text>
            {i.obligations.map((o) => (
              <ObligationItem key={o.kind} o={o} onMark={() => setMarking(o.kind)} onClear={() => clear.mutate(o.kind)} clearing={clear.isPending && clear.variables === o.kind} />
            ))}
            <ErrorAlert error={clear.error} />
          </>
        )}
      </Stack>
      {marking ? <MarkDoneModal incident={i} kind={marking} onClose={() => setMarking(null)} /> : null}
    </Paper>
  );
}

function ObligationItem({ o, onMark, onClear, clearing }: { o: Obligation; onMark: () => void; onClear: () => void; clearing: boolean }) {
  const { t } = useTranslation();
  const left = timeLeft(o.dueAt);
  const done = o.doneAt !== null;
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="obligation" data-kind={o.kind} data-overdue={o.overdue ? '1' : undefined} data-done={done ? '1' : undefined}
      style={o.overdue ? { borderColor: 'var(--mantine-color-red-6)', background: 'var(--mantine-color-red-0)' } : done ? { background: 'var(--mantine-color-gray-0)' } : undefined}>
      <Stack gap={4}>
        <Text size="sm" fw={600}>{t(`incidents.obligation.${o.kind}`)}</Text>
        {done ? <Badge color="teal" variant="light" tt="none" data-testid="obligation-done">{t('incidents.obligations.done', { date: formatDate(o.doneAt) })}</Badge>
          : o.overdue ? <Badge color="red" variant="filled" data-testid="obligation-overdue">{t('incidents.obligations.overdue')}</Badge> : null}
        <Text size="sm" c={o.overdue ? 'red.8' : undefined} fw={o.overdue ? 600 : undefined}>
          {t('incidents.obligations.due')}: {t('incidents.obligations.dueDay', { day: deadlineDay(o.dueAt) })}
          {done ? null : <Text span size="xs" ml={6} c={o.overdue ? 'red.8' : 'dimmed'}>（{t(left.overdue ? 'incidents.obligations.late' : 'incidents.obligations.left', { days: left.days, hours: left.hours })}）</Text>}
        </Text>
        {o.targetAt !== o.dueAt ? <Text size="xs" c="dimmed">{t('incidents.obligations.target')}: {t('incidents.obligations.dueDay', { day: deadlineDay(o.targetAt) })}</Text> : null}
        <Text size="xs" c="dimmed">{t('incidents.obligations.basis')}: {o.basis}</Text>
        {o.note ? <Text size="xs">{o.note}</Text> : null}
        <Group gap="xs" mt={2}>
          {done ? (
            <Button size="compact-xs" variant="subtle" color="gray" onClick={onClear} loading={clearing} data-testid="obligation-clear">{t('incidents.obligations.clear')}</Button>
          ) : (
            <Button size="compact-sm" variant={o.overdue ? 'filled' : 'light'} color={o.overdue ? 'red' : undefined} onClick={onMark} data-testid="obligation-mark">{t('incidents.obligations.markDone')}</Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function MarkDoneModal({ incident: i, kind, onClose }: { incident: Incident; kind: ObligationKind; onClose: () => void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(jstToday());
  const [note, setNote] = useState('');
  // Today: the server records the moment (a date alone means noon, which may still be ahead); an earlier day: that date.
  const mark = useIncidentMutation(i.id, () => incidentsApi.obligation(i.id, kind, { ...(date !== jstToday() ? { doneAt: date } : {}), ...(note.trim() ? { note: note.trim() } : {}) }), () => {
    notifications.show({ message: t('incidents.obligations.marked'), color: 'teal' });
    onClose();
  });
  const errors = fieldErrors(mark.error);
  return (
    <Modal opened onClose={onClose} centered title={t(`incidents.obligation.${kind}`)}>
      <form onSubmit={(e) => { e.preventDefault(); mark.mutate(undefined); }}>
        <Stack>
          <TextInput type="date" label={t('incidents.obligations.doneDate')} value={date} max={jstToday()} onChange={(e) => setDate(e.currentTarget.value)} required error={errors.doneAt} data-testid="obligation-date" />
          <TextInput label={t('incidents.obligations.note')} value={note} maxLength={2000} onChange={(e) => setNote(e.currentTarget.value)} data-testid="obligation-note" />
          <ErrorAlert error={mark.error} fields={['doneAt']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={mark.isPending} data-testid="obligation-save">{t('incidents.obligations.markDone')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
