import { Button, Group, Paper, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ConfirmModal } from '../components/ConfirmModal.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { type Incident, incidentsApi, keys, useIncidentMutation, useQueue } from './api.ts';

/** Lessons learned of this incident, and a form to record one. */
export function LearningPanel({ incident: i }: { incident: Incident }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [improvement, setImprovement] = useState('');
  const add = useIncidentMutation(i.id, () => incidentsApi.addLearning({
    kind: 'lesson', incidentId: i.id, title: title.trim(), body: body.trim(), ...(i.category ? { category: i.category } : {}), ...(improvement.trim() ? { improvement: improvement.trim() } : {}),
  }), () => {
    notifications.show({ message: t('incidents.learning.saved'), color: 'teal' });
    void qc.invalidateQueries({ queryKey: ['incidents', 'learnings'] });
    setTitle('');
    setBody('');
    setImprovement('');
  });
  const errors = fieldErrors(add.error);
  return (
    <Paper withBorder p="md" radius="md" data-testid="learning-panel">
      <Stack gap="sm">
        <Title order={4}>{t('incidents.learning.title')}</Title>
        <Text size="sm" c="dimmed">{t('incidents.learning.lead')}</Text>
        {i.learnings.length === 0 ? <Text size="sm" c="dimmed">{t('incidents.learning.empty')}</Text> : i.learnings.map((l) => (
          <Paper key={l.id} withBorder p="sm" radius="sm" bg="gray.0" data-testid="learning-item">
            <Text size="sm" fw={600}>{l.title}</Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{l.body}</Text>
            {l.improvement ? <Text size="sm" c="dimmed">{t('incidents.learnings.improvement')}: {l.improvement}</Text> : null}
          </Paper>
        ))}
        <form onSubmit={(e) => { e.preventDefault(); add.mutate(undefined); }}>
          <Stack gap="xs">
            <TextInput label={t('incidents.learning.name')} value={title} maxLength={300} onChange={(e) => setTitle(e.currentTarget.value)} required error={errors.title} data-testid="learning-title" />
            <Textarea label={t('incidents.learning.body')} value={body} autosize minRows={2} maxLength={20_000} onChange={(e) => setBody(e.currentTarget.value)} required error={errors.body} data-testid="learning-body" />
            <Textarea label={t('incidents.learning.improvement')} value={improvement} autosize minRows={1} maxLength={10_000} onChange={(e) => setImprovement(e.currentTarget.value)} />
            <ErrorAlert error={add.error} fields={['title', 'body']} />
            <Group>
              <Button type="submit" variant="light" loading={add.isPending} disabled={!title.trim() || !body.trim()} data-testid="learning-add">{t('incidents.learning.add')}</Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

/** Merge a duplicate (new or triage, no tasks or evidence) into another open incident. */
export function MergePanel({ incident: i }: { incident: Incident }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const mergeable = (i.status === 'new' || i.status === 'triage') && i.tasks.length === 0 && i.evidence.length === 0;
  const queue = useQueue({});
  const [into, setInto] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const targets = (queue.data?.items ?? []).filter((x) => x.id !== i.id && x.status !== 'closed');
  const target = targets.find((x) => x.id === into);
  const merge = useMutation({
    mutationFn: () => incidentsApi.merge(i.id, into ?? ''),
    onSuccess: (res) => {
      notifications.show({ message: t('incidents.merge.merged'), color: 'teal' });
      qc.removeQueries({ queryKey: keys.incident(i.id) });
      void qc.invalidateQueries({ queryKey: keys.all });
      void navigate(`/incidents/${encodeURIComponent(res.id)}`);
    },
  });
  return (
    <Paper withBorder p="md" radius="md" data-testid="merge-panel">
      <Stack gap="sm">
        <Title order={5}>{t('incidents.merge.title')}</Title>
        <Text size="sm" c="dimmed">{mergeable ? t('incidents.merge.lead') : t('incidents.merge.notAvailable')}</Text>
        {mergeable ? (
          <Group align="flex-end" gap="sm">
            <Select label={t('incidents.merge.into')} value={into} onChange={setInto} searchable w={420}
              data={targets.map((x) => ({ value: x.id, label: `${x.ref}  ${x.title}` }))} data-testid="merge-into" />
            <Button color="orange" variant="light" disabled={!into} onClick={() => setConfirm(true)} data-testid="merge-submit">{t('incidents.merge.submit')}</Button>
          </Group>
        ) : null}
      </Stack>
      <ConfirmModal opened={confirm} title={t('incidents.merge.title')} message={t('incidents.merge.confirm', { target: target ? `${target.ref} ${target.title}` : '' })}
        confirmLabel={t('incidents.merge.submit')} danger loading={merge.isPending} error={merge.error} onConfirm={() => merge.mutate()} onClose={() => { setConfirm(false); merge.reset(); }} />
    </Paper>
  );
}
