import { Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader.tsx';
import { LoadError, Loading } from '../components/States.tsx';
import { useInstitutionName } from '../lib/institution.ts';
import { useSession } from '../platform/api.ts';
import { KINDS, catalogsApi } from './api.ts';
import { CoverageSummary } from './CoverageSummary.tsx';
import { CoverageTable } from './CoverageTable.tsx';
import { MappingList } from './MappingList.tsx';
import { canManageRegulations } from './permissions.ts';
import { clauseIndex } from './tree-view.ts';

/** 比較: a source regulation against a target baseline — coverage per chapter and section, candidates, decisions, export. */
export function ComparePage() {
  const { t } = useTranslation();
  const session = useSession();
  const instName = useInstitutionName();
  const [params, setParams] = useSearchParams();
  const source = params.get('source') ?? '';
  const target = params.get('target') ?? '';
  const [mappingFilter, setMappingFilter] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  const ready = Boolean(source && target && source !== target);

  const docs = useQuery({ queryKey: ['catalogs', 'list', 'visible', '', 'all'], queryFn: () => catalogsApi.list({ scope: 'visible', pageSize: 100 }) });
  const comparison = useQuery({ queryKey: ['catalogs', 'compare', source, target], queryFn: () => catalogsApi.compare(source, target), enabled: ready });
  // The texts beside the citations come from the two documents themselves.
  const sourceDoc = useQuery({ queryKey: ['catalogs', 'detail', source, 'current'], queryFn: () => catalogsApi.get(source), enabled: ready });
  const targetDoc = useQuery({ queryKey: ['catalogs', 'detail', target, 'current'], queryFn: () => catalogsApi.get(target), enabled: ready });
  const sources = useMemo(() => clauseIndex(sourceDoc.data?.clauses ?? []), [sourceDoc.data]);
  const targets = useMemo(() => clauseIndex(targetDoc.data?.clauses ?? []), [targetDoc.data]);

  const options = useMemo(
    () =>
      KINDS.map((k) => ({
        group: t(`catalogs.kind.${k}`),
        items: (docs.data?.items ?? [])
          .filter((d) => d.kind === k)
          .map((d) => ({ value: d.id, label: `${d.title}（${d.own ? t('catalogs.list.own') : instName(d.institution)}）` })),
      })).filter((g) => g.items.length > 0),
    [docs.data, t, instName],
  );
  const pick = (key: 'source' | 'target', v: string | null) => {
    const p = new URLSearchParams(params);
    if (v) p.set(key, v);
    else p.delete(key);
    setParams(p, { replace: true });
  };
  const showSource = (citation: string) => {
    setMappingFilter(citation);
    listRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <Stack>
      <PageHeader
        title={t('catalogs.compare.title')}
        lead={t('catalogs.compare.lead')}
        actions={
          ready && comparison.data ? (
            <>
              <Button component="a" href={catalogsApi.exportUrl(source, target, 'xlsx')} download variant="default" data-testid="export-xlsx">{t('catalogs.compare.exportXlsx')}</Button>
              <Button component="a" href={catalogsApi.exportUrl(source, target, 'csv')} download variant="default" data-testid="export-csv">{t('catalogs.compare.exportCsv')}</Button>
            </>
          ) : undefined
        }
      />
      <Paper withBorder radius="md" p="md" bg="white">
        <Group align="flex-end" wrap="wrap" grow>
          <Select
            label={t('catalogs.compare.source')}
            data={options}
            value={source || null}
            onChange={(v) => pick('source', v)}
            searchable
            nothingFoundMessage={t('catalogs.list.empty')}
            data-testid="compare-source"
          />
          <Select
            label={t('catalogs.compare.target')}
            data={options}
            value={target || null}
            onChange={(v) => pick('target', v)}
            searchable
            nothingFoundMessage={t('catalogs.list.empty')}
            data-testid="compare-target"
          />
        </Group>
        {docs.isError ? <LoadError error={docs.error} onRetry={() => void docs.refetch()} /> : null}
        {!source || !target ? <Text size="sm" c="dimmed" mt="sm">{t('catalogs.compare.pickBoth')}</Text> : null}
        {source && source === target ? <Text size="sm" c="red.8" mt="sm">{t('catalogs.compare.sameDoc')}</Text> : null}
      </Paper>
      {ready && comparison.isPending ? <Loading label={t('catalogs.compare.running')} /> : null}
      {comparison.isError ? <LoadError error={comparison.error} onRetry={() => void comparison.refetch()} /> : null}
      {ready && comparison.data ? (
        <>
          <CoverageSummary chapters={comparison.data.coverage.chapters} rows={comparison.data.coverage.rows} />
          <CoverageTable rows={comparison.data.coverage.rows} onSource={showSource} />
          <div ref={listRef}>
            <MappingList
              comparison={comparison.data}
              sources={sources}
              targets={targets}
              canDecide={canManageRegulations(session)}
              filter={mappingFilter}
              onFilter={setMappingFilter}
            />
          </div>
        </>
      ) : null}
    </Stack>
  );
}
