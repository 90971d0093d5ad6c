import { Alert, Badge, Button, Grid, Group, Modal, Paper, SimpleGrid, Stack, Stepper, Tabs, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadError, Loading } from '../components/States.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { type Incident, type IncidentState, incidentsApi, useIncident, useIncidentMutation } from './api.ts';
import { EvidencePanel } from './EvidencePanel.tsx';
import { STEPS, nextState } from './format.ts';
import { LearningPanel, MergePanel } from './MergeAndLearning.tsx';
import { ObligationsPanel } from './ObligationsPanel.tsx';
import { canHandleIncidents } from './permissions.ts';
import { RequireIncidents, SeverityBadge, StatusBadge } from './shared.tsx';
import { TasksPanel } from './TasksPanel.tsx';
import { TimelinePanel } from './TimelinePanel.tsx';
import { TriagePanel } from './TriagePanel.tsx';

type Tab = 'triage' | 'timeline' | 'tasks' | 'evidence' | 'learning';
const TABS: readonly Tab[] = ['triage', 'timeline', 'tasks', 'evidence', 'learning'];
/** Where a consortium report can be prepared from: once the incident is being handled. */
const SHAREABLE: readonly IncidentState[] = ['handling', 'recovery', 'closed'];

/** One incident: state steps, the deadlines always in view, and tabs for triage, timeline, tasks, evidence and lessons. */
export function IncidentPage() {
  return <RequireIncidents allow={canHandleIncidents}><IncidentView /></RequireIncidents>;
}

function IncidentView() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const incident = useIncident(id);
  if (incident.isPending) return <Loading />;
  if (incident.isError) return <LoadError error={incident.error} onRetry={() => void incident.refetch()} />;
  const i = incident.data;
  const closed = i.status === 'closed';
  const requested = params.get('tab') as Tab | null;
  const tab: Tab = requested && TABS.includes(requested) ? requested : i.status === 'new' || i.status === 'triage' ? 'triage' : 'timeline';
  const tabLabel: Record<Tab, string> = {
    triage: t('incidents.triage.title'), timeline: t('incidents.timeline.title'), tasks: t('incidents.tasks.title'),
    evidence: t('incidents.evidence.title'), learning: t('incidents.learning.title'),
  };
  const openTasks = i.tasks.filter((x) => x.status === 'open').length;

  return (
    <Stack data-testid="incident-page" data-status={i.status}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Group gap="xs">
            <Text ff="monospace" c="dimmed" size="sm" data-testid="incident-ref">{i.ref}</Text>
            <StatusBadge status={i.status} />
            <SeverityBadge severity={i.severity} />
            {i.category ? <Badge tt="none" variant="outline" color="indigo">{t(`incidents.category.${i.category}`)}</Badge> : null}
          </Group>
          <Title order={2} data-testid="incident-title">{i.title}</Title>
        </Stack>
        <Group gap="sm">
          <Button component={Link} to="/incidents" variant="default">{t('incidents.detail.back')}</Button>
          {SHAREABLE.includes(i.status) ? (
            <Button component={Link} to={`/sharing/new?incident=${encodeURIComponent(i.id)}`} variant="light" color="grape" title={t('incidents.detail.shareHint')} data-testid="share-with-consortium">
              {t('incidents.detail.share')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <StatusBar incident={i} />
      {closed ? <Alert color="gray" variant="light" data-testid="closed-notice">{t('incidents.detail.closedNotice')}</Alert> : null}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Tabs value={tab} onChange={(v) => v && setParams({ tab: v }, { replace: true })} keepMounted={false}>
            <Tabs.List>
              {TABS.map((k) => (
                <Tabs.Tab key={k} value={k} data-testid={`tab-${k}`}
                  rightSection={k === 'tasks' && openTasks ? <Badge size="xs" variant="light">{openTasks}</Badge> : k === 'evidence' && i.evidence.length ? <Badge size="xs" variant="light" color="gray">{i.evidence.length}</Badge> : null}>
                  {tabLabel[k]}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="triage" pt="md"><TriagePanel key={i.status} incident={i} /></Tabs.Panel>
            <Tabs.Panel value="timeline" pt="md"><TimelinePanel incident={i} /></Tabs.Panel>
            <Tabs.Panel value="tasks" pt="md"><TasksPanel incident={i} /></Tabs.Panel>
            <Tabs.Panel value="evidence" pt="md"><EvidencePanel incident={i} /></Tabs.Panel>
            <Tabs.Panel value="learning" pt="md">
              <Stack>
                <LearningPanel incident={i} />
                {i.status === 'new' || i.status === 'triage' ? <MergePanel incident={i} /> : null}
              </Stack>
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack>
            <ObligationsPanel incident={i} />
            <Overview incident={i} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** 新規 → トリアージ → 対応中 → 復旧 → 完了, with only the next step offered. */
function StatusBar({ incident: i }: { incident: Incident }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<IncidentState | null>(null);
  const [note, setNote] = useState('');
  const move = useIncidentMutation(i.id, (to: IncidentState) => incidentsApi.move(i.id, to, note.trim() || undefined), () => {
    notifications.show({ message: t('incidents.detail.moved', { state: t(`incidents.status.${target ?? 'new'}`) }), color: 'teal' });
    setTarget(null);
    setNote('');
  });
  const next = nextState(i.status);
  const blocked = next === 'handling' && (i.isIncident !== true || !i.category || !i.severity);
  const active = i.status === 'closed' ? STEPS.length : STEPS.indexOf(i.status);
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" align="center" wrap="wrap" gap="md">
        <Stepper active={active} size="sm" allowNextStepsSelect={false} style={{ flex: 1, minWidth: 420 }} data-testid="status-stepper">
          {STEPS.map((s) => <Stepper.Step key={s} label={t(`incidents.status.${s}`)} />)}
        </Stepper>
        {next ? (
          <Group gap="xs">
            {i.status === 'triage' && i.isIncident === false ? (
              <Button color="gray" onClick={() => setTarget('closed')} data-testid="close-not-incident">{t('incidents.detail.closeNotIncident')}</Button>
            ) : null}
            <Button onClick={() => setTarget(next)} disabled={blocked} data-testid="status-next" data-next={next}>
              {t('incidents.detail.next', { state: t(`incidents.status.${next}`) })}
            </Button>
          </Group>
        ) : null}
      </Group>
      {blocked ? <Text size="xs" c="dimmed" mt="xs" ta="right" data-testid="status-blocked">{t('incidents.detail.needTriage')}</Text> : null}
      <Modal opened={target !== null} onClose={() => { setTarget(null); move.reset(); }} centered
        title={target ? (target === 'closed' && i.status === 'triage' ? t('incidents.detail.closeNotIncidentTitle') : t('incidents.detail.moveTitle', { state: t(`incidents.status.${target}`) })) : ''}>
        <Stack>
          <Textarea label={t('incidents.detail.moveNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={5000} data-testid="status-note" />
          <ErrorAlert error={move.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setTarget(null)}>{t('common.cancel')}</Button>
            <Button loading={move.isPending} onClick={() => target && move.mutate(target)} data-testid="status-confirm">{t('incidents.common.save')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={500} data-testid={testId}>{value}</Text>
    </Stack>
  );
}

/** The facts and the reports that raised the incident (with the outsider's contact, for the CSIRT only). */
function Overview({ incident: i }: { incident: Incident }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md" data-testid="incident-overview">
      <Stack gap="sm">
        <Title order={4}>{t('incidents.detail.facts')}</Title>
        <SimpleGrid cols={2} spacing="xs">
          <Fact label={t('incidents.detail.aware')} value={formatDateTime(i.awareAt)} />
          <Fact label={t('incidents.detail.occurred')} value={formatDateTime(i.occurredAt) || t('incidents.detail.unknown')} />
          <Fact label={t('incidents.detail.contained')} value={formatDateTime(i.containedAt) || '—'} />
          <Fact label={t('incidents.detail.handler')} value={i.handler?.name ?? t('incidents.detail.noHandler')} />
          {i.closedAt ? <Fact label={t('incidents.detail.closed')} value={formatDateTime(i.closedAt)} /> : null}
        </SimpleGrid>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{i.description}</Text>
        <Title order={5} mt="xs">{t('incidents.detail.reports')}</Title>
        {i.reports.map((r) => (
          <Paper key={r.id} withBorder p="xs" radius="sm" bg="gray.0" data-testid="incident-report" data-receipt={r.receiptNo}>
            <Group gap={6}>
              <Text size="xs" ff="monospace" fw={600}>{r.receiptNo}</Text>
              <Badge size="xs" variant="light" color={r.channel === 'public' ? 'orange' : 'blue'}>{t(`incidents.channel.${r.channel}`)}</Badge>
              {r.suspicion ? <Badge size="xs" variant="outline" color="gray">{t('incidents.detail.suspicionTag')}</Badge> : null}
            </Group>
            <Text size="xs" c="dimmed">{t('incidents.detail.reportedAt')}: {formatDateTime(r.createdAt)}</Text>
            {r.reporter ? <Text size="xs">{t('incidents.detail.reporter')}: {r.reporter.name}</Text> : null}
            {r.contact ? (
              <Text size="xs">
                {t('incidents.detail.contact')}: {[r.contact.name, r.contact.affiliation, r.contact.email, r.contact.phone].filter(Boolean).join(' / ')}
              </Text>
            ) : null}
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}
