import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useCategoryLabel } from '../intel/Badges.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import type { Alert } from './api.ts';
import { StatusBadge, UrgencyBadge } from './Badges.tsx';
import { isOverdue } from './format.ts';
import { useInstitutions } from './shared.tsx';

interface Props {
  alerts: readonly Alert[];
  /** Columns: the operator's queue (no status), all alerts (status + institution), a member's own (status + deadline). */
  mode: 'review' | 'all' | 'own';
}

export function AlertTable({ alerts, mode }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const categoryLabel = useCategoryLabel();
  const inst = useInstitutions(mode !== 'own');
  const now = Date.now();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover withTableBorder bg="white" data-testid="alerts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>{t('flows.table.urgency')}</Table.Th>
            <Table.Th>{t('flows.table.host')}</Table.Th>
            <Table.Th>{t('flows.table.indicator')}</Table.Th>
            {mode !== 'own' ? <Table.Th>{t('flows.table.institution')}</Table.Th> : null}
            <Table.Th ta="right">{t('flows.table.sightings')}</Table.Th>
            <Table.Th>{t('flows.table.lastSeen')}</Table.Th>
            {mode !== 'review' ? <Table.Th>{t('flows.table.status')}</Table.Th> : null}
            {mode === 'own' ? <Table.Th>{t('flows.table.ackDeadline')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {alerts.map((a) => {
            const overdue = isOverdue(a, now);
            const to = `/flows/alerts/${encodeURIComponent(a.id)}`;
            return (
              <Table.Tr key={a.id} data-testid="alert-row" data-host={a.internalHost} data-status={a.status} data-overdue={overdue ? '1' : undefined}
                style={{ cursor: 'pointer', ...(overdue ? { background: 'var(--mantine-color-red-0)' } : {}) }}
                onClick={(e) => { if (!(e.target as HTMLElement).closest('a')) void navigate(to); }}>
                <Table.Td>
                  <Stack gap={2} align="flex-start">
                    <UrgencyBadge urgency={a.urgency} />
                    <Text size="xs" c="dimmed">{t('flows.table.score', { score: a.score })}</Text>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={to} ff="monospace" size="sm" data-testid="alert-link">{a.internalHost}</Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>{a.indicator.value}</Text>
                  <Text size="xs" c="dimmed">
                    {[categoryLabel(a.indicator.category), a.indicator.confidence !== null ? t('intel.sources.confidence', { value: a.indicator.confidence }) : ''].filter(Boolean).join(' · ')}
                  </Text>
                </Table.Td>
                {mode !== 'own' ? <Table.Td><Text size="sm">{inst.nameOf(a.institutionId)}</Text></Table.Td> : null}
                <Table.Td ta="right"><Text size="sm">{a.sightings.toLocaleString()}</Text></Table.Td>
                <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.lastSeen)}</Text></Table.Td>
                {mode !== 'review' ? <Table.Td><StatusBadge status={a.status} /></Table.Td> : null}
                {mode === 'own' ? (
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" c={overdue ? 'red.8' : undefined} fw={overdue ? 700 : undefined} style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.ackDeadline)}</Text>
                      {overdue ? <Badge size="sm" color="red" variant="filled" data-testid="overdue-badge">{t('flows.table.overdue')}</Badge> : null}
                    </Group>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
