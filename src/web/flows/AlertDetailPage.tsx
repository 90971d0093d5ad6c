import { Anchor, Badge, Grid, Group, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { LoadError, Loading } from '../components/States.tsx';
import { Facts, InfoCard } from '../components/Facts.tsx';
import { useCategoryLabel } from '../intel/Badges.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { useSession } from '../platform/api.ts';
import { type AlertDetail, type TimelineEntry, flowsApi } from './api.ts';
import { StatusBadge, UrgencyBadge } from './Badges.tsx';
import { formatBytes, isOverdue } from './format.ts';
import { canRespondAlerts, canReviewAlerts, canSeeAlerts } from './permissions.ts';
import { ReviewActions } from './ReviewActions.tsx';
import { RequireFlows, useInstitutions } from './shared.tsx';
import { Workflow } from './Workflow.tsx';

function useEventLabel() {
  const { t, i18n } = useTranslation();
  return (e: TimelineEntry): string => {
    const d = e.details ?? {};
    const key = `flows.event.${e.action}`;
    let label: string = i18n.exists(key) ? t(key as 'flows.event.detected') : e.action;
    if (e.action === 'sent' && d.automatic) label += t('flows.event.automatic');
    if (e.action === 'detected' && typeof d.afterDismissed === 'string') label += t('flows.event.afterDismissed');
    if (e.action === 'urgency_changed' && typeof d.from === 'string' && typeof d.to === 'string') {
      label += ` ${t('flows.event.change', { from: t(`flows.urgency.${d.from}` as 'flows.urgency.low'), to: t(`flows.urgency.${d.to}` as 'flows.urgency.low') })}`;
    }
    const extra = [
      typeof d.emails === 'number' ? t('flows.event.emails', { count: d.emails }) : '',
      typeof d.webhooks === 'number' && d.webhooks > 0 ? t('flows.event.webhooks', { count: d.webhooks }) : '',
    ].filter(Boolean);
    return extra.length ? `${label}（${extra.join('、')}）` : label;
  };
}

function AlertTimeline({ entries }: { entries: readonly TimelineEntry[] }) {
  const { t } = useTranslation();
  const label = useEventLabel();
  if (!entries.length) return <Text size="sm" c="dimmed">{t('flows.detail.timelineEmpty')}</Text>;
  return (
    <Timeline active={entries.length - 1} bulletSize={14} lineWidth={2} data-testid="alert-timeline">
      {entries.map((e, i) => (
        <Timeline.Item key={`${e.at}-${i}`} title={<Text size="sm" fw={600}>{label(e)}</Text>} data-testid="timeline-item" data-action={e.action}>
          <Text size="xs" c="dimmed">{formatDateTime(e.at, true)} · {t('flows.detail.by', { actor: e.actor })}</Text>
          {e.note ? <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>{e.note}</Text> : null}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function Detail({ alert }: { alert: AlertDetail }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const categoryLabel = useCategoryLabel();
  const inst = useInstitutions(canReviewAlerts(session));
  const operator = canReviewAlerts(session);
  const overdue = isOverdue(alert);
  const sent = !['review', 'dismissed', 'merged'].includes(alert.status);
  const none = t('flows.detail.notYet');
  const backTo = operator && alert.status === 'review' ? '/flows/review' : '/flows/alerts';
  return (
    <Stack data-testid="alert-detail" data-status={alert.status}>
      <Anchor component={Link} to={backTo} size="sm">← {t('flows.detail.back')}</Anchor>
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={2}>{t('flows.detail.title', { host: alert.internalHost })}</Title>
          <Group gap="xs">
            <UrgencyBadge urgency={alert.urgency} size="lg" />
            <StatusBadge status={alert.status} size="lg" />
            {overdue ? <Badge size="lg" color="red" variant="filled" data-testid="overdue-badge">{t('flows.detail.overdue')}</Badge> : null}
            {operator ? <Text size="sm" c="dimmed">{inst.nameOf(alert.institutionId)}</Text> : null}
          </Group>
        </Stack>
      </Group>
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <InfoCard title={t('flows.detail.summary')}>
              <Facts labelWidth={'38%'} rows={[
                [t('flows.detail.host'), <Text span ff="monospace" size="sm">{alert.internalHost}</Text>, 'detail-host'],
                [t('flows.detail.indicator'), <Text span ff="monospace" size="sm">{alert.indicator.value}</Text>, 'detail-indicator'],
                alert.kind === 'dns'
                  ? [t('flows.detail.dnsQuery'), <Stack gap={2}><Text span ff="monospace" size="sm">{alert.remoteAddress}</Text><Text size="xs" c="dimmed">{t('flows.detail.dnsNote')}</Text></Stack>, 'detail-dns-query']
                  : [t('flows.detail.remote'), <Text span ff="monospace" size="sm">{alert.remoteAddress}</Text>],
                [t('flows.detail.category'), categoryLabel(alert.indicator.category) || t('flows.detail.unknown'), 'detail-category'],
                [t('flows.detail.confidence'), alert.indicator.confidence !== null ? t('flows.detail.confidenceValue', { value: alert.indicator.confidence }) : t('flows.detail.unknown')],
                ...(operator ? [[t('flows.detail.institution'), inst.nameOf(alert.institutionId)] as [string, ReactNode]] : []),
                ...(alert.dismissReason ? [[t('flows.detail.dismissReason'), alert.dismissReason] as [string, ReactNode]] : []),
                ...(alert.mergedInto ? [[t('flows.detail.mergedInto'), <Anchor component={Link} to={`/flows/alerts/${alert.mergedInto}`} size="sm">{t('flows.detail.openMerged')}</Anchor>] as [string, ReactNode]] : []),
              ]} />
            </InfoCard>
            <InfoCard title={t('flows.detail.reasons')} testId="urgency-reasons">
              <Group gap="xs"><UrgencyBadge urgency={alert.urgency} /><Text size="sm">{t('flows.detail.score')}: <b>{alert.score}</b> / 100</Text></Group>
              <Stack gap={4}>
                {alert.reasons.map((r) => (
                  <Group key={r.key} gap="sm" wrap="nowrap" data-testid="urgency-reason">
                    <Badge variant="light" color={r.points > 0 ? 'orange' : 'gray'} w={52} style={{ flexShrink: 0 }}>{t('flows.detail.points', { points: r.points })}</Badge>
                    <Text size="sm">{i18n.language === 'en' ? r.en : r.ja}</Text>
                  </Group>
                ))}
              </Stack>
            </InfoCard>
            <InfoCard title={t('flows.detail.traffic')}>
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                {[
                  [t('flows.detail.sightings'), alert.sightings.toLocaleString()],
                  // DNS logs show a query, not the traffic that may have followed it.
                  [t('flows.detail.bytes'), alert.kind === 'dns' ? none : formatBytes(alert.bytes)],
                  [t('flows.detail.packets'), alert.kind === 'dns' ? none : alert.packets.toLocaleString()],
                  [t('flows.detail.days'), t('flows.detail.daysValue', { count: alert.days })],
                ].map(([label, value]) => (
                  <Stack key={label} gap={0}>
                    <Text size="xs" c="dimmed">{label}</Text>
                    <Text size="lg" fw={600}>{value}</Text>
                  </Stack>
                ))}
              </SimpleGrid>
              <Facts labelWidth={'38%'} rows={alert.kind === 'dns' ? [
                [t('flows.detail.direction'), t('flows.detail.dnsDirection')],
              ] : [
                [t('flows.detail.direction'), alert.outbound ? t('flows.detail.outbound') : t('flows.detail.inbound')],
                [t('flows.detail.established'), alert.established ? t('flows.detail.establishedYes') : t('flows.detail.establishedNo')],
                [t('flows.detail.ports'), alert.ports.length ? alert.ports.join(', ') : none],
              ]} />
            </InfoCard>
            <InfoCard title={t('flows.detail.timeline')}>
              <AlertTimeline entries={alert.timeline} />
            </InfoCard>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            {operator && alert.status === 'review' ? <ReviewActions alert={alert} /> : null}
            {sent ? <Workflow alert={alert} canRespond={canRespondAlerts(session)} /> : null}
            <InfoCard title={t('flows.detail.times')} testId="alert-times">
              <Facts labelWidth={'38%'} rows={[
                [t('flows.detail.firstSeen'), formatDateTime(alert.firstSeen, true)],
                [t('flows.detail.lastSeen'), formatDateTime(alert.lastSeen, true)],
                [t('flows.detail.createdAt'), formatDateTime(alert.createdAt)],
                [t('flows.detail.sentAt'), formatDateTime(alert.sentAt) || none],
                [t('flows.detail.ackDeadline'), alert.ackDeadline ? <Text span size="sm" c={overdue ? 'red.8' : undefined} fw={overdue ? 700 : undefined}>{formatDateTime(alert.ackDeadline)}</Text> : none, 'detail-deadline'],
                [t('flows.detail.acknowledgedAt'), formatDateTime(alert.acknowledgedAt) || none],
                [t('flows.detail.closedAt'), formatDateTime(alert.closedAt) || none],
                ...(alert.escalatedAt ? [[t('flows.detail.escalatedAt'), formatDateTime(alert.escalatedAt)] as [string, ReactNode]] : []),
              ]} />
            </InfoCard>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function AlertDetailView() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['flows', 'alert', id], queryFn: () => flowsApi.alert(id) });
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return <Detail alert={q.data} />;
}

export function AlertDetailPage() {
  return <RequireFlows allow={canSeeAlerts}><AlertDetailView /></RequireFlows>;
}
