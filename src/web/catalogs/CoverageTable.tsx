import { Badge, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Section } from '../components/Section.tsx';
import type { CoverageRow } from './api.ts';
import { STATUS_COLOR } from './CoverageSummary.tsx';

type Filter = 'all' | CoverageRow['status'];
const FILTERS: readonly Filter[] = ['all', 'covered', 'partial', 'missing'];

export function StatusBadge({ status }: { status: CoverageRow['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant={status === 'missing' ? 'filled' : 'light'} size="sm" data-testid="coverage-status">
      {t(`catalogs.compare.status.${status}`)}
    </Badge>
  );
}

/** (b) Every target section with its status, basis and the source clauses that cover it; filter by status. */
export function CoverageTable({ rows, onSource }: { rows: CoverageRow[]; onSource: (citation: string) => void }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('all');
  const shown = filter === 'all' ? rows : rows.filter((r) => r.status === filter);
  const count = (f: Filter) => (f === 'all' ? rows.length : rows.filter((r) => r.status === f).length);
  return (
    <Section title={t('catalogs.compare.tableTitle')} testId="coverage-table">
      <SegmentedControl
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
        data={FILTERS.map((f) => ({ value: f, label: `${f === 'all' ? t('catalogs.compare.filterAll') : t(`catalogs.compare.status.${f}`)}（${count(f)}）` }))}
        data-testid="coverage-filter"
        style={{ alignSelf: 'flex-start' }}
      />
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed">{t('catalogs.compare.noRows')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('catalogs.compare.colSection')}</Table.Th>
                <Table.Th>{t('catalogs.compare.colHeading')}</Table.Th>
                <Table.Th>{t('catalogs.compare.colStatus')}</Table.Th>
                <Table.Th>{t('catalogs.compare.colBasis')}</Table.Th>
                <Table.Th ta="right">{t('catalogs.compare.colScore')}</Table.Th>
                <Table.Th>{t('catalogs.compare.colSources')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((r) => (
                <Table.Tr key={r.citation} data-testid="coverage-row" data-citation={r.citation} data-status={r.status}>
                  <Table.Td><Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>{r.citation}</Text></Table.Td>
                  <Table.Td><Text size="sm">{r.heading ?? '—'}</Text></Table.Td>
                  <Table.Td style={{ minWidth: 90 }}><StatusBadge status={r.status} /></Table.Td>
                  <Table.Td style={{ minWidth: 100 }}>
                    {r.basis === 'none' ? (
                      <Text size="sm" c="dimmed">—</Text>
                    ) : (
                      <Badge size="sm" variant={r.basis === 'confirmed' ? 'filled' : 'outline'} color={r.basis === 'confirmed' ? 'indigo' : 'gray'} data-testid="coverage-basis">
                        {t(`catalogs.compare.basis.${r.basis}`)}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right"><Text size="sm" c="dimmed">{r.bestScore > 0 ? `${Math.round(r.bestScore * 100)}%` : '—'}</Text></Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {r.sources.length === 0 ? <Text size="sm" c="dimmed">—</Text> : null}
                      {r.sources.map((s) => (
                        <Badge key={s} size="sm" variant="default" style={{ cursor: 'pointer', textTransform: 'none' }} onClick={() => onSource(s)}>{s}</Badge>
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
