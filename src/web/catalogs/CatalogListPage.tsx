import { Anchor, Button, Center, Group, Pagination, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { formatDate } from '../lib/datetime.ts';
import { useInstitutionName } from '../lib/institution.ts';
import { useSession } from '../platform/api.ts';
import { PAGE_SIZE, type RegulationSummary, type Scope, catalogsApi } from './api.ts';
import { KindBadge, VisibilityBadge, useVersionText } from './Badges.tsx';
import { canManageRegulations } from './permissions.ts';

const SCOPES: readonly Scope[] = ['mine', 'shared', 'visible'];
const isScope = (v: string | null): v is Scope => SCOPES.includes(v as Scope);

/** 規程一覧: own / shared / all, title search, pages of 20. State lives in the URL so back and reload keep it. */
export function CatalogListPage() {
  const { t } = useTranslation();
  const session = useSession();
  const instName = useInstitutionName();
  const versionText = useVersionText();
  const [params, setParams] = useSearchParams();
  const scopeParam = params.get('scope');
  const scope: Scope = isScope(scopeParam) ? scopeParam : 'visible';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const q = params.get('q') ?? '';
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const update = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };
  const list = useQuery({
    queryKey: ['catalogs', 'list', scope, debouncedQ, page],
    queryFn: () => catalogsApi.list({ scope, q: debouncedQ || undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  const emptyMessage = debouncedQ ? t('catalogs.list.empty') : scope === 'mine' ? t('catalogs.list.emptyMine') : scope === 'shared' ? t('catalogs.list.emptyShared') : t('catalogs.list.emptyAll');
  const canImport = canManageRegulations(session);

  const row = (r: RegulationSummary) => (
    <Table.Tr key={r.id} data-testid="regulation-row" data-title={r.title}>
      <Table.Td miw={240}>
        <Anchor component={Link} to={`/catalogs/${r.id}`} fw={500} size="sm">{r.title}</Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{instName(r.institution)}</Text>
      </Table.Td>
      <Table.Td><KindBadge kind={r.kind} /></Table.Td>
      <Table.Td><VisibilityBadge visibility={r.visibility} /></Table.Td>
      <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{versionText(r.versionNo, r.versionLabel)}</Text></Table.Td>
      <Table.Td ta="right"><Text size="sm">{r.clauseCount.toLocaleString()}</Text></Table.Td>
      <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDate(r.updatedAt)}</Text></Table.Td>
    </Table.Tr>
  );

  return (
    <Stack>
      <PageHeader
        title={t('catalogs.list.title')}
        lead={t('catalogs.list.lead')}
        actions={canImport ? <Button component={Link} to="/catalogs/import" data-testid="catalogs-import">{t('catalogs.list.import')}</Button> : undefined}
      />
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          value={scope}
          onChange={(v) => update({ scope: v === 'visible' ? null : v, page: null })}
          data={SCOPES.map((s) => ({ value: s, label: t(`catalogs.scope.${s}`) }))}
          data-testid="catalogs-scope"
        />
        <TextInput
          placeholder={t('catalogs.list.searchPlaceholder')}
          aria-label={t('catalogs.list.searchPlaceholder')}
          value={q}
          onChange={(e) => update({ q: e.currentTarget.value, page: null })}
          w={280}
          data-testid="catalogs-search"
        />
      </Group>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.items.length === 0 ? (
        <EmptyState
          message={emptyMessage}
          action={canImport && scope !== 'shared' && !debouncedQ ? <Button component={Link} to="/catalogs/import" variant="light">{t('catalogs.list.import')}</Button> : undefined}
        />
      ) : null}
      {list.data && list.data.items.length > 0 ? (
        <>
          <Table.ScrollContainer minWidth={880}>
            <Table striped highlightOnHover withTableBorder bg="white" data-testid="catalogs-table" style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('catalogs.list.colTitle')}</Table.Th>
                  <Table.Th>{t('catalogs.list.institution')}</Table.Th>
                  <Table.Th>{t('catalogs.list.kind')}</Table.Th>
                  <Table.Th>{t('catalogs.list.visibility')}</Table.Th>
                  <Table.Th>{t('catalogs.list.version')}</Table.Th>
                  <Table.Th ta="right">{t('catalogs.list.clauses')}</Table.Th>
                  <Table.Th>{t('catalogs.list.updated')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>{list.data.items.map(row)}</Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">{t('common.total', { count: list.data.total })}</Text>
            {pages > 1 ? (
              <Center>
                <Pagination total={pages} value={page} onChange={(p) => update({ page: p === 1 ? null : String(p) })} data-testid="catalogs-pagination" />
              </Center>
            ) : null}
          </Group>
        </>
      ) : null}
    </Stack>
  );
}
