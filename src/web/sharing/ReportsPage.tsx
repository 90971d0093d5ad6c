import { Anchor, Badge, Button, Grid, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { TlpBadge } from '../intel/Badges.tsx';
import { formatDate, jstDayEndUtc, jstDayStartUtc } from '../lib/datetime.ts';
import { CATEGORIES, type SearchFilter, type SearchHit, sharingApi, sharingKeys, useStatistics } from './api.ts';
import { highlightHits, partsFromRanges } from './format.ts';
import { useCategory, useNamed } from './shared.tsx';

const KEYS = ['q', 'category', 'product', 'cve', 'from', 'to'] as const;
type Key = (typeof KEYS)[number];

/** The search lives in the address (?q=…&category=…), so back and reload keep it. Days are JST calendar days. */
function useReportFilter() {
  const [params, setParams] = useSearchParams();
  const get = (k: Key) => params.get(k) ?? '';
  const filter: SearchFilter = {
    q: get('q') || undefined, category: get('category') || undefined, product: get('product') || undefined, cve: get('cve') || undefined,
    from: jstDayStartUtc(get('from')), to: jstDayEndUtc(get('to')),
  };
  const apply = (next: Partial<Record<Key, string>>) => setParams(() => {
    const p = new URLSearchParams();
    for (const k of KEYS) if (next[k]?.trim()) p.set(k, next[k]!.trim());
    return p;
  }, { replace: true });
  const values = Object.fromEntries(KEYS.map((k) => [k, get(k)])) as Record<Key, string>;
  return { filter, values, apply, filtered: KEYS.some((k) => get(k)) };
}

function Filters({ f }: { f: ReturnType<typeof useReportFilter> }) {
  const { t } = useTranslation();
  const category = useCategory();
  const [v, setV] = useState(f.values);
  const set = (k: Key) => (value: string | null) => setV((x) => ({ ...x, [k]: value ?? '' }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    f.apply(v);
  };
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} data-testid="report-filters">
      <Stack gap="sm">
        <Group align="flex-end" gap="sm" wrap="nowrap">
          <TextInput label={t('sharing.list.search')} placeholder={t('sharing.list.searchPlaceholder')} style={{ flex: 1 }} value={v.q}
            onChange={(e) => set('q')(e.currentTarget.value)} data-testid="report-search" maxLength={200} />
          <Button type="submit" data-testid="report-search-submit">{t('sharing.list.submit')}</Button>
        </Group>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select label={t('sharing.list.category')} placeholder={t('sharing.list.allCategories')} clearable w={220} value={v.category || null}
            onChange={(c) => { set('category')(c); f.apply({ ...v, category: c ?? '' }); }} data={CATEGORIES.map((c) => ({ value: c, label: category(c) }))}
            data-testid="report-category" comboboxProps={{ withinPortal: true }} />
          <TextInput label={t('sharing.list.product')} placeholder={t('sharing.list.productPlaceholder')} w={170} value={v.product} onChange={(e) => set('product')(e.currentTarget.value)} data-testid="report-product" />
          <TextInput label={t('sharing.list.cve')} placeholder={t('sharing.list.cvePlaceholder')} w={170} value={v.cve} onChange={(e) => set('cve')(e.currentTarget.value)} data-testid="report-cve" />
          <TextInput type="date" label={t('sharing.list.from')} w={160} value={v.from} onChange={(e) => set('from')(e.currentTarget.value)} data-testid="report-from" />
          <TextInput type="date" label={t('sharing.list.to')} w={160} value={v.to} onChange={(e) => set('to')(e.currentTarget.value)} data-testid="report-to" />
          {f.filtered ? <Button variant="subtle" onClick={() => { setV(Object.fromEntries(KEYS.map((k) => [k, ''])) as Record<Key, string>); f.apply({}); }}>{t('sharing.list.clear')}</Button> : null}
        </Group>
      </Stack>
    </Paper>
  );
}

function Hit({ r, q }: { r: SearchHit; q: string }) {
  const { t } = useTranslation();
  const named = useNamed();
  const category = useCategory();
  return (
    <Paper withBorder radius="md" p="md" data-testid="report-hit" data-id={r.id}>
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <TlpBadge tlp={r.tlp} />
          {r.category ? <Badge variant="light" color="gray" size="sm">{category(r.category)}</Badge> : null}
          {r.mine ? <Badge variant="outline" size="sm" color="blue">{t('sharing.list.mine')}</Badge> : null}
          <Text size="xs" c="dimmed" data-testid="hit-originator">{t('sharing.list.originator', { name: named(r.originator) })}</Text>
        </Group>
        <Anchor component={Link} to={`/sharing/reports/${encodeURIComponent(r.id)}`} fw={700} data-testid="hit-link">{r.title}</Anchor>
        {r.snippet ? (
          <Text size="sm" c="dark.6" data-testid="hit-snippet" style={{ wordBreak: 'break-word' }}>
            {(r.snippetHighlights?.length ? partsFromRanges(r.snippet, r.snippetHighlights) : highlightHits(r.snippet, q)).map((p, i) => (p.hit ? <mark key={i} style={{ background: '#fff3bf', padding: 0 }}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
          </Text>
        ) : null}
        <Group gap="xs" wrap="wrap">
          {r.cves.map((c) => <Badge key={c} size="xs" variant="outline" color="red" tt="none">{c}</Badge>)}
          {r.products.map((p) => <Badge key={p} size="xs" variant="outline" color="gray" tt="none">{p}</Badge>)}
          <Text size="xs" c="dimmed">
            {[r.occurredAt ? t('sharing.list.occurredAt', { date: formatDate(r.occurredAt) }) : '', t('sharing.list.publishedAt', { date: formatDate(r.publishedAt) })].filter(Boolean).join(' · ')}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Counts per category; the API answers only with three or more contributing members, and this says so plainly. */
export function StatisticsPanel() {
  const { t } = useTranslation();
  const category = useCategory();
  const q = useStatistics();
  return (
    <Paper withBorder radius="md" p="md" data-testid="sharing-statistics">
      <Stack gap="xs">
        <Title order={4}>{t('sharing.stats.title')}</Title>
        <Text size="xs" c="dimmed">{t('sharing.stats.lead')}</Text>
        {q.isPending ? <Loading /> : null}
        {q.isError ? <LoadError error={q.error} /> : null}
        {q.data?.suppressed ? <Text size="sm" data-testid="statistics-suppressed">{t('sharing.stats.suppressed')}</Text> : null}
        {q.data && !q.data.suppressed ? (
          <>
            <Text size="sm" fw={600}>{t('sharing.stats.contributors', { count: q.data.contributors })}</Text>
            <Table withRowBorders={false} verticalSpacing={2}>
              <Table.Tbody>
                {Object.entries(q.data.counts).map(([k, n]) => (
                  <Table.Tr key={k}><Table.Td><Text size="sm">{category(k)}</Text></Table.Td><Table.Td ta="right"><Text size="sm">{t('sharing.stats.count', { count: n })}</Text></Table.Td></Table.Tr>
                ))}
                {q.data.other > 0 ? (
                  <Table.Tr><Table.Td><Text size="sm" c="dimmed">{t('sharing.stats.other')}</Text></Table.Td><Table.Td ta="right"><Text size="sm">{t('sharing.stats.count', { count: q.data.other })}</Text></Table.Td></Table.Tr>
                ) : null}
              </Table.Tbody>
            </Table>
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** /sharing/reports: search and filters over what TLP lets the reader see, with the statistics beside. */
export function ReportsPage() {
  const { t } = useTranslation();
  const f = useReportFilter();
  const list = useQuery({ queryKey: sharingKeys.search(f.filter), queryFn: () => sharingApi.search(f.filter), placeholderData: keepPreviousData });
  return (
    <Stack>
      <PageHeader title={t('sharing.list.title')} lead={t('sharing.list.lead')} />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Filters key={JSON.stringify(f.values)} f={f} />
            {list.data ? <Text size="sm" c="dimmed" data-testid="reports-total">{t('common.total', { count: list.data.total })}</Text> : null}
            {list.isPending ? <Loading /> : null}
            {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
            {list.data && list.data.items.length === 0 ? <EmptyState message={f.filtered ? t('sharing.list.emptyFiltered') : t('sharing.list.empty')} /> : null}
            {list.data?.items.map((r) => <Hit key={r.id} r={r} q={f.values.q} />)}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <StatisticsPanel />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
