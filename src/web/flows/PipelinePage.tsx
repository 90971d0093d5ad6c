import { Alert, Badge, Code, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Facts, InfoCard } from '../components/Facts.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { type PipelineStatus, flowsApi } from './api.ts';
import { canReviewAlerts } from './permissions.ts';
import { RequireFlows } from './shared.tsx';

/** How often the page asks again: the pipeline's own change check runs every 5 s too. */
const REFRESH_MS = 5_000;

const n = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toLocaleString('ja-JP'));

function Running({ s, listen }: { s: NonNullable<PipelineStatus['stats']>; listen: NonNullable<PipelineStatus['listen']> }) {
  const { t } = useTranslation();
  const c = s.collector;
  // Anything lost or refused is worth a look; zero everywhere is the normal state.
  const losses = (c ? c.malformed + c.sequenceLost + c.dropped + (c.kernelDrops ?? 0) : 0) + s.overflow + s.rejected + s.lost;
  return (
    <Stack>
      <Group gap="xs">
        <Badge color={s.running ? 'teal' : 'gray'} variant="light" data-testid="pipeline-state">{t(s.running ? 'flows.pipeline.running' : 'flows.pipeline.stopped')}</Badge>
        <Text size="sm">{t('flows.pipeline.listen')}: <Code data-testid="pipeline-listen">{listen.host}:{listen.port}</Code>（UDP・NetFlow v5 / v9・IPFIX）</Text>
      </Group>
      {losses > 0 ? <Alert color="yellow" variant="light" data-testid="pipeline-losses">{t('flows.pipeline.lossesLead')}</Alert> : null}
      {s.lastError ? (
        <Alert color="red" variant="light" title={t('flows.pipeline.lastError')} data-testid="pipeline-error">
          {formatDateTime(s.lastError.at)}：{s.lastError.message}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <InfoCard title={t('flows.pipeline.collector')} testId="pipeline-collector">
          <Facts labelWidth="55%" rows={[
            [t('flows.pipeline.packets'), n(c?.packets), 'pipeline-packets'],
            [t('flows.pipeline.flowsReceived'), n(c?.flows), 'pipeline-flows-received'],
            [t('flows.pipeline.exporters'), `${n(c?.exporters)}（${t('flows.pipeline.templates', { count: c?.templates ?? 0 })}）`],
            [t('flows.pipeline.malformed'), n(c?.malformed)],
            [t('flows.pipeline.sequenceLost'), n(c?.sequenceLost)],
            [t('flows.pipeline.dropped'), n(c?.dropped)],
            [t('flows.pipeline.kernelDrops'), c?.kernelDrops === null ? t('flows.pipeline.unknown') : n(c?.kernelDrops)],
            [t('flows.pipeline.waiting'), n(c?.waiting)],
          ]} />
        </InfoCard>
        <InfoCard title={t('flows.pipeline.matching')} testId="pipeline-matching">
          <Facts labelWidth="55%" rows={[
            [t('flows.pipeline.flowsMatched'), n(s.flows), 'pipeline-flows-matched'],
            [t('flows.pipeline.unmatched'), n(s.unmatched)],
            [t('flows.pipeline.sightings'), n(s.sightings), 'pipeline-sightings'],
            [t('flows.pipeline.ingested'), `${n(s.ingested)}（${t('flows.pipeline.queued', { count: s.queued })}）`],
            [t('flows.pipeline.alerts'), t('flows.pipeline.alertsValue', { created: s.alertsCreated, updated: s.alertsUpdated, sent: s.alertsSent }), 'pipeline-alerts'],
            [t('flows.pipeline.dropped2'), t('flows.pipeline.droppedValue', { overflow: s.overflow, rejected: s.rejected, lost: s.lost })],
          ]} />
        </InfoCard>
        <InfoCard title={t('flows.pipeline.matcher')} testId="pipeline-matcher">
          {s.lastRebuild ? (
            <Facts labelWidth="55%" rows={[
              [t('flows.pipeline.rebuiltAt'), `${formatDateTime(s.lastRebuild.at)}（${t('flows.pipeline.rebuildMs', { ms: s.lastRebuild.ms })}）`, 'pipeline-rebuilt'],
              [t('flows.pipeline.indicators'), t('flows.pipeline.indicatorsValue', { addresses: n(s.lastRebuild.addresses), expired: n(s.lastRebuild.expired), invalid: n(s.lastRebuild.invalid) }), 'pipeline-indicators'],
              [t('flows.pipeline.members'), t('flows.pipeline.membersValue', { institutions: s.lastRebuild.institutions, prefixes: s.lastRebuild.prefixes })],
              [t('flows.pipeline.rebuilds'), n(s.rebuilds)],
            ]} />
          ) : <Text size="sm" c="dimmed" data-testid="pipeline-not-built">{t('flows.pipeline.notBuilt')}</Text>}
        </InfoCard>
      </SimpleGrid>
      <Text size="xs" c="dimmed">{t('flows.pipeline.refresh')}</Text>
    </Stack>
  );
}

/** 収集の状況: the operator's view of the live pipeline (collector → matcher → alerts), refreshed every few seconds. */
export function PipelinePage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['flows', 'pipeline'], queryFn: flowsApi.pipeline, refetchInterval: REFRESH_MS });
  return (
    <RequireFlows allow={canReviewAlerts}>
      <Stack>
        <PageHeader title={t('flows.pipeline.title')} lead={t('flows.pipeline.lead')} />
        {q.isPending ? <Loading /> : null}
        {q.isError ? <LoadError error={q.error} onRetry={() => void q.refetch()} /> : null}
        {q.data && !q.data.configured ? <EmptyState message={t('flows.pipeline.notConfigured')} /> : null}
        {q.data?.configured && q.data.listen && q.data.stats ? <Running s={q.data.stats} listen={q.data.listen} /> : null}
        {q.data?.configured && !q.data.stats ? <Text c="dimmed" data-testid="pipeline-starting">{t('flows.pipeline.starting')}</Text> : null}
      </Stack>
    </RequireFlows>
  );
}
