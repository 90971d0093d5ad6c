import { Badge, Button, Checkbox, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { type Incident, TASK_PHASES, type TaskPhase, type TaskState, incidentsApi, useIncidentMutation } from './api.ts';

/** Tasks of containment, eradication and recovery with an owner and a due date; done can be ticked even after closing. */
export function TasksPanel({ incident: i }: { incident: Incident }) {
  const { t } = useTranslation();
  const closed = i.status === 'closed';
  const [phase, setPhase] = useState<TaskPhase>('containment');
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [due, setDue] = useState('');
  const add = useIncidentMutation(i.id, () => incidentsApi.addTask(i.id, { phase, title: title.trim(), ownerId, dueDate: due || null }), () => {
    notifications.show({ message: t('incidents.tasks.added'), color: 'teal' });
    setTitle('');
    setDue('');
  });
  const toggle = useIncidentMutation(i.id, (v: { taskId: string; status: TaskState }) => incidentsApi.updateTask(i.id, v.taskId, { status: v.status }));
  const errors = fieldErrors(add.error);
  return (
    <Stack>
      <Paper withBorder p="md" radius="md">
        {i.tasks.length === 0 ? <Text size="sm" c="dimmed">{t('incidents.tasks.empty')}</Text> : (
          <Table.ScrollContainer minWidth={620}>
            <Table data-testid="tasks-table" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={50}>{t('incidents.tasks.done')}</Table.Th>
                  <Table.Th w={100}>{t('incidents.tasks.phase')}</Table.Th>
                  <Table.Th>{t('incidents.tasks.name')}</Table.Th>
                  <Table.Th w={170}>{t('incidents.tasks.owner')}</Table.Th>
                  <Table.Th w={130}>{t('incidents.tasks.due')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {i.tasks.map((x) => (
                  <Table.Tr key={x.id} data-testid="task-row" data-title={x.title} data-status={x.status}>
                    <Table.Td>
                      <Checkbox checked={x.status === 'done'} disabled={x.status === 'cancelled' || (toggle.isPending && toggle.variables?.taskId === x.id)}
                        aria-label={x.status === 'done' ? t('incidents.tasks.reopen') : t('incidents.tasks.markDone')}
                        onChange={(e) => toggle.mutate({ taskId: x.id, status: e.currentTarget.checked ? 'done' : 'open' })} data-testid="task-done" />
                    </Table.Td>
                    <Table.Td><Badge size="sm" variant="light" color="gray">{t(`incidents.phase.${x.phase}`)}</Badge></Table.Td>
                    <Table.Td><Text size="sm" td={x.status === 'done' ? 'line-through' : undefined} c={x.status === 'done' ? 'dimmed' : undefined}>{x.title}</Text></Table.Td>
                    <Table.Td><Text size="sm">{x.owner?.name ?? t('incidents.tasks.ownerNone')}</Text></Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Text size="sm" c={x.overdue ? 'red.8' : undefined} fw={x.overdue ? 600 : undefined}>{x.dueDate ? x.dueDate.replace(/-/g, '/') : '—'}</Text>
                        {x.overdue ? <Badge size="xs" color="red">{t('incidents.tasks.overdue')}</Badge> : null}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <ErrorAlert error={toggle.error} />
      </Paper>
      {closed ? null : (
        <Paper withBorder p="md" radius="md">
          <form onSubmit={(e) => { e.preventDefault(); add.mutate(undefined); }}>
            <Stack gap="sm">
              <Group align="flex-end" gap="sm" wrap="wrap">
                <Select label={t('incidents.tasks.phase')} value={phase} allowDeselect={false} w={130} onChange={(v) => v && setPhase(v as TaskPhase)}
                  data={TASK_PHASES.map((p) => ({ value: p, label: t(`incidents.phase.${p}`) }))} data-testid="task-phase" />
                <TextInput label={t('incidents.tasks.name')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={300} required style={{ flex: 1, minWidth: 220 }} error={errors.title} data-testid="task-title" />
              </Group>
              <Group align="flex-end" gap="sm" wrap="wrap">
                <Select label={t('incidents.tasks.owner')} placeholder={t('incidents.tasks.ownerNone')} value={ownerId} onChange={setOwnerId} clearable searchable w={240}
                  data={i.people.map((p) => ({ value: p.id, label: p.name ?? p.id }))} error={errors.ownerId} data-testid="task-owner" />
                <TextInput type="date" label={t('incidents.tasks.due')} value={due} onChange={(e) => setDue(e.currentTarget.value)} w={170} error={errors.dueDate} data-testid="task-due" />
                <Button type="submit" loading={add.isPending} disabled={!title.trim()} data-testid="task-add">{t('incidents.tasks.add')}</Button>
              </Group>
              <ErrorAlert error={add.error} fields={['title', 'ownerId', 'dueDate']} />
            </Stack>
          </form>
        </Paper>
      )}
    </Stack>
  );
}
