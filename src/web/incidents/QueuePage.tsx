import { Anchor, Badge, Button, Group, Select, Stack, Table, Tabs, Text, TextInput, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { useInstitutionName } from '../lib/institution.ts';
import { useSession } from '../platform/api.ts';
import { INCIDENT_CATEGORIES, INCIDENT_STATES, type IncidentState, type QueueItem, SEVERITIES, useQueue } from './api.ts';
import { filterQueue } from './format.ts';
import { canHandleIncidents } from './permissions.ts';
import { RequireIncidents, SeverityBadge, StatusBadge } from './shared.tsx';

type Tab = IncidentState | 'all';
const TABS: readonly Tab[] = [...INCIDENT_STATES, 'all'];

/** The CSIRT queue: tabs by state (新規 first and by default), filters in the address, overdue reports marked. */
export function QueuePage() {
  return <RequireIncidents allow={canHandleIncidents}><Queue /></RequireIncidents>;
}

function Queue() {
  const { t } = useTranslation();
  const session = useSession();
  const instName = useInstitutionName();
  const [params, setParams] = useSearchParams();
  const requested = params.get('status') as Tab | null;
  const tab: Tab = requested && TABS.includes(requested) ? requested : 'new';
  const category = params.get('category');
  const severity = params.get('severity');
  const q = params.get('q') ?? '';
  // From the address itself: the router's `prev` can lag behind a change made a moment before (clear, then type).
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  // All of the institution's incidents at once (the server caps the list): the tabs show their counts.
  const list = useQueue({});
  const filtered = !!(category || severity || q);
  const all = list.data?.items ?? [];
  const inTab = (s: Tab) => (s === 'all' ? all : all.filter((i) => i.status === s));
  const rows = filterQueue(inTab(tab), { category, severity, q });

  return (
    <Stack>
      <PageHeader title={t('incidents.queue.title')} lead={t('incidents.queue.lead', { institution: instName(session.institution) })}
        actions={<Button variant="default" component={Link} to="/incidents/report">{t('incidents.nav.report')}</Button>} />
      <Tabs value={tab} onChange={(v) => set('status', v === 'new' ? null : v)}>
        <Tabs.List>
          {TABS.map((s) => (
            <Tabs.Tab key={s} value={s} data-testid={`queue-tab-${s}`}
              rightSection={list.data ? <Badge size="xs" variant={s === 'new' && inTab(s).length ? 'filled' : 'light'} color={s === 'new' && inTab(s).length ? 'red' : 'gray'}>{inTab(s).length}</Badge> : null}>
              {s === 'all' ? t('incidents.queue.all') : t(`incidents.status.${s}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select label={t('incidents.queue.category')} placeholder={t('incidents.queue.allCategories')} clearable w={220} value={category}
          onChange={(v) => set('category', v)} data={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: t(`incidents.category.${c}`) }))} data-testid="queue-category" />
        <Select label={t('incidents.queue.severity')} placeholder={t('incidents.queue.allSeverities')} clearable w={160} value={severity}
          onChange={(v) => set('severity', v)} data={SEVERITIES.map((s) => ({ value: s, label: t(`incidents.severity.${s}`) }))} data-testid="queue-severity" />
        <TextInput label={t('incidents.queue.search')} placeholder={t('incidents.queue.searchPlaceholder')} w={260} value={q}
          onChange={(e) => set('q', e.currentTarget.value || null)} data-testid="queue-search" />
        {filtered ? <Button variant="subtle" onClick={() => setParams(tab === 'new' ? {} : { status: tab }, { replace: true })}>{t('incidents.queue.clear')}</Button> : null}
      </Group>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && rows.length === 0 ? (
        <EmptyState message={filtered ? t('incidents.queue.emptyFiltered') : tab === 'new' ? t('incidents.queue.emptyNew') : t('incidents.queue.empty')} />
      ) : null}
      {rows.length > 0 ? (
        <>
          <Text size="sm" c="dimmed" data-testid="queue-count">{t('incidents.queue.count', { count: rows.length })}</Text>
          <QueueTable rows={rows} />
        </>
      ) : null}
    </Stack>
  );
}

function QueueTable({ rows }: { rows: readonly QueueItem[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table striped highlightOnHover withTableBorder bg="white" data-testid="queue-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={130}>{t('incidents.queue.ref')}</Table.Th>
            <Table.Th w={150}>{t('incidents.queue.receipt')}</Table.Th>
            <Table.Th>{t('incidents.queue.titleCol')}</Table.Th>
            <Table.Th w={150}>{t('incidents.queue.reportedAt')}</Table.Th>
            <Table.Th w={110}>{t('incidents.queue.statusCol')}</Table.Th>
            <Table.Th w={90}>{t('incidents.queue.severityCol')}</Table.Th>
            <Table.Th w={150}>{t('incidents.queue.deadline')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((i) => {
            const to = `/incidents/${encodeURIComponent(i.id)}`;
            const overdue = i.obligationsOverdue.length > 0;
            return (
              <Table.Tr key={i.id} data-testid="queue-row" data-title={i.title} data-status={i.status} data-overdue={overdue ? '1' : undefined}
                style={{ cursor: 'pointer', ...(overdue ? { background: 'var(--mantine-color-red-0)' } : {}) }}
                onClick={(e) => { if (!(e.target as HTMLElement).closest('a')) void navigate(to); }}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}><Anchor component={Link} to={to} ff="monospace" size="sm" data-testid="queue-link">{i.ref}</Anchor></Table.Td>
                <Table.Td>
                  <Stack gap={0}>
                    {i.receipts.map((r) => <Text key={r} size="xs" ff="monospace">{r}</Text>)}
                    <Text size="xs" c="dimmed">{i.channels.map((c) => t(`incidents.channel.${c}`)).join('・')}</Text>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>{i.title}</Text>
                  <Group gap={4} mt={2}>
                    {i.category ? <Badge tt="none" size="xs" variant="outline" color="indigo">{t(`incidents.category.${i.category}`)}</Badge> : null}
                    {i.isIncident === null ? <Badge size="xs" variant="outline" color="gray">{t('incidents.queue.undecided')}</Badge> : null}
                    {i.isIncident === false ? <Badge size="xs" variant="outline" color="gray">{t('incidents.queue.notIncident')}</Badge> : null}
                    {i.personalData ? <Badge size="xs" variant="light" color="grape">{t('incidents.queue.personal')}</Badge> : null}
                  </Group>
                </Table.Td>
                <Table.Td><Text size="sm">{formatDateTime(i.awareAt)}</Text></Table.Td>
                <Table.Td><StatusBadge status={i.status} /></Table.Td>
                <Table.Td><SeverityBadge severity={i.severity} /></Table.Td>
                <Table.Td>
                  {overdue ? (
                    <Tooltip label={i.obligationsOverdue.map((k) => t(`incidents.obligation.${k}`)).join('、')}>
                      <Badge color="red" variant="filled" data-testid="overdue-marker">{t('incidents.queue.overdue', { count: i.obligationsOverdue.length })}</Badge>
                    </Tooltip>
                  ) : i.obligationsOpen > 0 ? (
                    <Badge color="orange" variant="light">{t('incidents.queue.owed', { count: i.obligationsOpen })}</Badge>
                  ) : <Text size="sm" c="dimmed">{t('incidents.queue.none')}</Text>}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
