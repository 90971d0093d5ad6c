import { Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { useInstitutionName } from '../lib/institution.ts';
import { useSession } from '../platform/api.ts';
import { type ConsortiumFigures, type Figures, METRICS, type Metrics, flowsApi } from './api.ts';
import { useDuration } from './format.ts';
import { canSeeAlerts } from './permissions.ts';
import { RequireFlows } from './shared.tsx';

/** A consortium median, or why it is not shown (too few institutions would make it identifying). */
function ConsortiumValue({ c, min }: { c: ConsortiumFigures[keyof ConsortiumFigures]; min: number }) {
  const { t } = useTranslation();
  const duration = useDuration();
  if (!c.available) return <Text size="sm" c="dimmed" data-testid="consortium-unavailable">{t('flows.metrics.unavailable', { min })}</Text>;
  return <Text size="xl" fw={700} data-testid="consortium-median">{duration(c.medianMinutes)}</Text>;
}

/** A member's own figures beside the anonymous consortium medians. */
function OwnView({ m }: { m: Extract<Metrics, { scope: 'institution' }> }) {
  const { t } = useTranslation();
  const session = useSession();
  const instName = useInstitutionName();
  const duration = useDuration();
  return (
    <Stack>
      <PageHeader title={t('flows.metrics.ownTitle')} lead={t('flows.metrics.ownLead', { institution: instName(session.institution) })} />
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {METRICS.map((k) => (
          <Paper key={k} withBorder radius="md" p="md" data-testid={`metric-${k}`}>
            <Stack gap="xs">
              <div>
                <Title order={4}>{t(`flows.metrics.${k}`)}</Title>
                <Text size="xs" c="dimmed">{t(`flows.metrics.${k}Hint`)}</Text>
              </div>
              <div>
                <Text size="xs" c="dimmed">{t('flows.metrics.own')}</Text>
                <Text size="xl" fw={700} data-testid="own-median">{duration(m.own[k].medianMinutes)}</Text>
                <Text size="xs" c="dimmed">{t('flows.metrics.count', { count: m.own[k].count })}</Text>
              </div>
              <div>
                <Text size="xs" c="dimmed">{t('flows.metrics.consortium')}</Text>
                <ConsortiumValue c={m.consortium[k]} min={m.minContributors} />
              </div>
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function Cell({ f }: { f: Figures[keyof Figures] }) {
  const { t } = useTranslation();
  const duration = useDuration();
  return (
    <Stack gap={0} align="flex-end">
      <Text size="sm" fw={600}>{duration(f.medianMinutes)}</Text>
      <Text size="xs" c="dimmed">{t('flows.metrics.count', { count: f.count })}</Text>
    </Stack>
  );
}

/** The operator's dashboard: each institution's medians, and the consortium's. */
function ConsortiumView({ m }: { m: Extract<Metrics, { scope: 'consortium' }> }) {
  const { t } = useTranslation();
  const instName = useInstitutionName();
  return (
    <Stack>
      <PageHeader title={t('flows.metrics.title')} lead={t('flows.metrics.lead')} />
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {METRICS.map((k) => (
          <Paper key={k} withBorder radius="md" p="md" data-testid={`metric-${k}`}>
            <Text size="sm" fw={600}>{t(`flows.metrics.${k}`)}</Text>
            <Text size="xs" c="dimmed" mb={4}>{t('flows.metrics.consortium')} · {t(`flows.metrics.${k}Hint`)}</Text>
            <ConsortiumValue c={m.consortium[k]} min={m.minContributors} />
          </Paper>
        ))}
      </SimpleGrid>
      {m.institutions.length === 0 ? <EmptyState message={t('flows.metrics.empty')} /> : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped withTableBorder bg="white" data-testid="metrics-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('flows.metrics.institution')}</Table.Th>
                {METRICS.map((k) => <Table.Th key={k} ta="right">{t(`flows.metrics.${k}`)}</Table.Th>)}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {m.institutions.map((i) => (
                <Table.Tr key={i.institutionId} data-testid="metrics-row" data-code={i.code}>
                  <Table.Td><Text size="sm">{instName(i)}</Text></Table.Td>
                  {METRICS.map((k) => <Table.Td key={k}><Cell f={i[k]} /></Table.Td>)}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function MetricsView() {
  const q = useQuery({ queryKey: ['flows', 'metrics'], queryFn: flowsApi.metrics });
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return q.data.scope === 'consortium' ? <ConsortiumView m={q.data} /> : <OwnView m={q.data} />;
}

/** 対応時間: the operator's dashboard per institution, or a member's own figures. */
export function MetricsPage() {
  return <RequireFlows allow={canSeeAlerts}><MetricsView /></RequireFlows>;
}
