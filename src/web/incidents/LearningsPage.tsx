import { Anchor, Badge, Button, Group, Modal, Paper, Select, SimpleGrid, Stack, Tabs, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { currentFiscalYear } from '../assessments/format.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { INCIDENT_CATEGORIES, type IncidentCategory, type LearningKind, incidentsApi, useLearnings } from './api.ts';
import { jstToday } from './format.ts';
import { canHandleIncidents } from './permissions.ts';
import { RequireIncidents } from './shared.tsx';

type Tab = 'all' | LearningKind;

/** 教訓・ヒヤリハット: the institution's lessons (from incidents) and near misses, by fiscal year. */
export function LearningsPage() {
  return <RequireIncidents allow={canHandleIncidents}><Learnings /></RequireIncidents>;
}

export function fiscalYearOptions(t: (k: 'incidents.learnings.fy', o: { year: number }) => string, now = new Date()) {
  const fy = currentFiscalYear(now);
  return Array.from({ length: 6 }, (_, k) => fy - k).map((y) => ({ value: String(y), label: t('incidents.learnings.fy', { year: y }) }));
}

function Learnings() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (['lesson', 'near_miss'].includes(params.get('kind') ?? '') ? params.get('kind') : 'all') as Tab;
  const fy = Number(params.get('fy')) || currentFiscalYear();
  const [adding, setAdding] = useState(false);
  const list = useLearnings({ kind: tab === 'all' ? undefined : tab, fiscalYear: fy });
  const set = (k: string, v: string | null) => setParams((p) => {
    const n = new URLSearchParams(p);
    if (v) n.set(k, v);
    else n.delete(k);
    return n;
  }, { replace: true });
  return (
    <Stack>
      <PageHeader title={t('incidents.learnings.title')} lead={t('incidents.learnings.lead')}
        actions={<Button onClick={() => setAdding(true)} data-testid="near-miss-new">{t('incidents.learnings.newNearMiss')}</Button>} />
      <Group justify="space-between" align="flex-end">
        <Tabs value={tab} onChange={(v) => set('kind', v === 'all' ? null : v)}>
          <Tabs.List>
            <Tabs.Tab value="all">{t('incidents.learnings.tabAll')}</Tabs.Tab>
            <Tabs.Tab value="lesson">{t('incidents.learnings.tabLesson')}</Tabs.Tab>
            <Tabs.Tab value="near_miss" data-testid="learnings-tab-near-miss">{t('incidents.learnings.tabNearMiss')}</Tabs.Tab>
          </Tabs.List>
        </Tabs>
        <Select label={t('incidents.learnings.fiscalYear')} w={160} value={String(fy)} allowDeselect={false} data={fiscalYearOptions(t)} onChange={(v) => set('fy', v)} />
      </Group>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.items.length === 0 ? <EmptyState message={t('incidents.learnings.empty')} /> : null}
      {list.data?.items.map((l) => (
        <Paper key={l.id} withBorder p="md" radius="md" data-testid="learning-card" data-kind={l.kind}>
          <Group justify="space-between" align="flex-start">
            <Group gap="xs">
              <Badge color={l.kind === 'lesson' ? 'indigo' : 'yellow'} variant="light">{t(`incidents.learnings.${l.kind}`)}</Badge>
              {l.category ? <Badge tt="none" variant="outline" color="gray">{t(`incidents.category.${l.category}`)}</Badge> : null}
              <Text fw={600}>{l.title}</Text>
            </Group>
            <Text size="sm" c="dimmed">{l.occurredOn.replace(/-/g, '/')}</Text>
          </Group>
          <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>{l.body}</Text>
          {l.improvement ? <Text size="sm" mt={4}><Text span fw={500}>{t('incidents.learnings.improvement')}: </Text>{l.improvement}</Text> : null}
          {l.incidentId ? <Anchor component={Link} to={`/incidents/${encodeURIComponent(l.incidentId)}`} size="sm">{t('incidents.learnings.incident')}</Anchor> : null}
        </Paper>
      ))}
      {adding ? <NearMissModal onClose={() => setAdding(false)} /> : null}
    </Stack>
  );
}

function NearMissModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [improvement, setImprovement] = useState('');
  const [category, setCategory] = useState<IncidentCategory | null>(null);
  const [occurredOn, setOccurredOn] = useState(jstToday());
  const add = useMutation({
    mutationFn: () => incidentsApi.addLearning({
      kind: 'near_miss', title: title.trim(), body: body.trim(), occurredOn, ...(category ? { category } : {}), ...(improvement.trim() ? { improvement: improvement.trim() } : {}),
    }),
    onSuccess: () => {
      notifications.show({ message: t('incidents.learnings.saved'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: ['incidents', 'learnings'] });
      void qc.invalidateQueries({ queryKey: ['incidents', 'summary'] });
      onClose();
    },
  });
  const errors = fieldErrors(add.error);
  return (
    <Modal opened onClose={onClose} title={t('incidents.learnings.formTitle')} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
        <Stack>
          <TextInput label={t('incidents.learnings.name')} placeholder={t('incidents.learnings.namePlaceholder')} value={title} maxLength={300} required
            onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} data-testid="near-miss-title" />
          <Textarea label={t('incidents.learnings.body')} placeholder={t('incidents.learnings.bodyPlaceholder')} value={body} autosize minRows={3} maxLength={20_000} required
            onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} data-testid="near-miss-body" />
          <SimpleGrid cols={2}>
            <Select label={t('incidents.learnings.category')} placeholder={t('incidents.learnings.noCategory')} clearable value={category}
              onChange={(v) => setCategory(v as IncidentCategory | null)} data={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: t(`incidents.category.${c}`) }))} />
            <TextInput type="date" label={t('incidents.learnings.occurredOn')} value={occurredOn} max={jstToday()} onChange={(e) => setOccurredOn(e.currentTarget.value)} error={errors.occurredOn} />
          </SimpleGrid>
          <Textarea label={t('incidents.learnings.improvement')} value={improvement} autosize minRows={2} maxLength={10_000} onChange={(e) => setImprovement(e.currentTarget.value)} />
          <ErrorAlert error={add.error} fields={['title', 'body', 'occurredOn']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={add.isPending} data-testid="near-miss-save">{t('incidents.common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
