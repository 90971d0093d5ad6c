import { Badge, Button, Group, Paper, Select, Stack, Text, TextInput, Textarea, Timeline } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { fieldErrors } from '../lib/problem.ts';
import { type Incident, TIMELINE_KINDS, type TimelineKind, incidentsApi, useIncidentMutation } from './api.ts';
import { jstLocalToIso } from './format.ts';

const KIND_COLORS: Record<TimelineKind, string> = {
  note: 'gray', action: 'blue', decision: 'violet', containment: 'orange', eradication: 'red', recovery: 'teal', communication: 'cyan', status: 'dark',
};

/** 時系列: what was done and decided, oldest first; new entries at the bottom form. */
export function TimelinePanel({ incident: i }: { incident: Incident }) {
  const { t } = useTranslation();
  const closed = i.status === 'closed';
  const [kind, setKind] = useState<Exclude<TimelineKind, 'status'>>('action');
  const [text, setText] = useState('');
  const [at, setAt] = useState('');
  const add = useIncidentMutation(i.id, () => {
    const when = jstLocalToIso(at);
    return incidentsApi.addEvent(i.id, { kind, text: text.trim(), ...(when ? { at: when } : {}) });
  }, () => {
    notifications.show({ message: t('incidents.timeline.added'), color: 'teal' });
    setText('');
    setAt('');
  });
  const errors = fieldErrors(add.error);
  return (
    <Stack>
      <Paper withBorder p="md" radius="md" data-testid="timeline">
        <Text size="sm" c="dimmed" mb="sm">{t('incidents.timeline.lead')}</Text>
        {i.timeline.length === 0 ? <Text size="sm" c="dimmed">{t('incidents.timeline.empty')}</Text> : (
          <Timeline bulletSize={14} lineWidth={2} active={i.timeline.length}>
            {i.timeline.map((e) => (
              <Timeline.Item key={e.id} color={KIND_COLORS[e.kind] ?? 'gray'} data-testid="timeline-item" data-kind={e.kind}
                title={(
                  <Group gap="xs">
                    <Text size="sm" fw={500}>{formatDateTime(e.at)}</Text>
                    <Badge size="xs" variant="light" color={KIND_COLORS[e.kind] ?? 'gray'}>{t(`incidents.timelineKind.${e.kind}`)}</Badge>
                    {e.by?.name ? <Text size="xs" c="dimmed">{e.by.name}</Text> : null}
                  </Group>
                )}>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{e.text}</Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Paper>
      {closed ? null : (
        <Paper withBorder p="md" radius="md">
          <form onSubmit={(e) => { e.preventDefault(); add.mutate(undefined); }}>
            <Stack gap="sm">
              <Group align="flex-end" gap="sm" wrap="wrap">
                <Select label={t('incidents.timeline.kind')} value={kind} allowDeselect={false} w={160} onChange={(v) => v && setKind(v as Exclude<TimelineKind, 'status'>)}
                  data={TIMELINE_KINDS.map((k) => ({ value: k, label: t(`incidents.timelineKind.${k}`) }))} data-testid="timeline-kind" />
                <TextInput type="datetime-local" label={t('incidents.timeline.at')} value={at} w={240} onChange={(e) => setAt(e.currentTarget.value)} error={errors.at} data-testid="timeline-at" />
              </Group>
              <Textarea label={t('incidents.timeline.text')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} maxLength={10_000} required error={errors.text} data-testid="timeline-text" />
              <ErrorAlert error={add.error} fields={['text', 'at']} />
              <Group>
                <Button type="submit" loading={add.isPending} disabled={!text.trim()} data-testid="timeline-add">{t('incidents.timeline.add')}</Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
    </Stack>
  );
}
