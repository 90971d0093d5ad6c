import { Badge, Button, Group, Pagination, Select, Stack, Switch, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { formatDate, formatDateTime } from '../lib/datetime.ts';
import { CATEGORIES, INDICATOR_TYPES, type IndicatorFilter, PAGE_SIZE, intelApi } from './api.ts';
import { TlpBadge, useCategoryLabel } from './Badges.tsx';
import { RequireIntel } from './RequireIntel.tsx';

/** The filter lives in the address, so that a source's count can link to its indicators. */
function IndicatorsView() {
  const { t } = useTranslation();
  const categoryLabel = useCategoryLabel();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [search] = useDebouncedValue(q.trim(), 300);
  const set = (key: string, value: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      if (key !== 'page') next.delete('page');
      return next;
    }, { replace: true });
  useEffect(() => {
    if ((params.get('q') ?? '') !== search) set('q', search || null);
  }, [search]);
  const filter: IndicatorFilter = {
    q: params.get('q') ?? undefined,
    type: params.get('type') ?? undefined,
    category: params.get('category') ?? undefined,
    sourceId: params.get('source') ?? undefined,
    ...(params.get('active') === '1' ? { activeOnly: '1' as const } : {}),
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZE,
  };
  const filtered = ['q', 'type', 'category', 'source', 'active'].some((k) => params.get(k));
  const sources = useQuery({ queryKey: ['intel', 'sources'], queryFn: intelApi.sources });
  const list = useQuery({ queryKey: ['intel', 'indicators', filter], queryFn: () => intelApi.indicators(filter), placeholderData: keepPreviousData });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  const clear = () => {
    setQ('');
    setParams(new URLSearchParams(), { replace: true });
  };
  return (
    <Stack>
      <PageHeader title={t('intel.indicators.title')} lead={t('intel.indicators.lead')} />
      <Group align="flex-end" wrap="wrap" gap="sm">
        <TextInput label={t('intel.indicators.q')} placeholder={t('intel.indicators.qPlaceholder')} w={260} value={q} onChange={(e) => setQ(e.currentTarget.value)} data-testid="indicators-search" />
        <Select label={t('intel.indicators.type')} placeholder={t('intel.indicators.allTypes')} clearable w={190} value={filter.type ?? null}
          onChange={(v) => set('type', v)} data={INDICATOR_TYPES.map((v) => ({ value: v, label: t(`intel.type.${v}`) }))} data-testid="indicators-type" />
        <Select label={t('intel.indicators.category')} placeholder={t('intel.indicators.allCategories')} clearable w={210} value={filter.category ?? null}
          onChange={(v) => set('category', v)} data={CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) }))} data-testid="indicators-category" />
        <Select label={t('intel.indicators.source')} placeholder={t('intel.indicators.allSources')} clearable searchable w={240} value={filter.sourceId ?? null}
          onChange={(v) => set('source', v)} data={(sources.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} data-testid="indicators-source" />
        <Tooltip label={t('intel.indicators.activeOnlyHint')} withArrow>
          <Switch label={t('intel.indicators.activeOnly')} checked={!!filter.activeOnly} onChange={(e) => set('active', e.currentTarget.checked ? '1' : null)} mb={8} data-testid="indicators-active" />
        </Tooltip>
        {filtered ? <Button variant="subtle" onClick={clear}>{t('intel.indicators.clearFilters')}</Button> : null}
      </Group>
      {list.data ? <Text size="sm" c="dimmed" data-testid="indicators-total">{t('common.total', { count: list.data.total })}</Text> : null}
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.items.length === 0 ? (
        filtered ? <EmptyState message={t('intel.indicators.empty')} action={<Button variant="light" onClick={clear}>{t('intel.indicators.clearFilters')}</Button>} />
          : <EmptyState message={t('intel.indicators.emptyAll')} action={<Button component={Link} to="/intel/sources" variant="light">{t('intel.indicators.goSources')}</Button>} />
      ) : null}
      {list.data && list.data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped highlightOnHover withTableBorder bg="white" data-testid="indicators-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('intel.indicators.value')}</Table.Th>
                <Table.Th>{t('intel.indicators.type')}</Table.Th>
                <Table.Th>{t('intel.indicators.category')}</Table.Th>
                <Table.Th ta="right">{t('intel.indicators.confidence')}</Table.Th>
                <Table.Th>{t('intel.indicators.tlp')}</Table.Th>
                <Table.Th>{t('intel.indicators.source')}</Table.Th>
                <Table.Th>{t('intel.indicators.validUntil')}</Table.Th>
                <Table.Th>{t('intel.indicators.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((i) => (
                <Table.Tr key={i.id} data-testid="indicator-row" data-value={i.value} style={{ opacity: i.expired ? 0.6 : 1 }}>
                  <Table.Td maw={360}>
                    <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>{i.value}</Text>
                    {i.description ? <Text size="xs" c="dimmed" lineClamp={1}>{i.description}</Text> : null}
                  </Table.Td>
                  <Table.Td><Text size="sm">{t(`intel.type.${i.type}`)}</Text></Table.Td>
                  <Table.Td><Text size="sm">{categoryLabel(i.category)}</Text></Table.Td>
                  <Table.Td ta="right"><Text size="sm">{i.confidence ?? ''}</Text></Table.Td>
                  <Table.Td><TlpBadge tlp={i.tlp} /></Table.Td>
                  <Table.Td><Text size="sm">{i.source.name}</Text></Table.Td>
                  <Table.Td>
                    {i.expired ? <Badge size="sm" color="gray" variant="filled">{t('intel.indicators.expired')}</Badge>
                      : <Text size="sm" c={i.validUntil ? undefined : 'dimmed'}>{i.validUntil ? formatDate(i.validUntil) : t('intel.indicators.noExpiry')}</Text>}
                  </Table.Td>
                  <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(i.updatedAt)}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {pages > 1 ? (
        <Group justify="center">
          <Pagination total={pages} value={filter.page} onChange={(p) => set('page', p > 1 ? String(p) : null)} />
        </Group>
      ) : null}
    </Stack>
  );
}

export function IndicatorsPage() {
  return <RequireIntel><IndicatorsView /></RequireIntel>;
}
