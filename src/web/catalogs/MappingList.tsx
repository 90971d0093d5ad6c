import { Checkbox, Group, Pagination, Stack, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Section } from '../components/Section.tsx';
import type { Clause, Comparison } from './api.ts';
import { MappingCard } from './MappingCard.tsx';

const PER_PAGE = 10;

interface Props {
  comparison: Comparison;
  sources: Map<string, Clause>;
  targets: Map<string, Clause>;
  canDecide: boolean;
  filter: string;
  onFilter: (q: string) => void;
}

/** (c) Source clauses with their candidates, a page at a time, filterable by citation or text. */
export function MappingList({ comparison, sources, targets, canDecide, filter, onFilter }: Props) {
  const { t } = useTranslation();
  const [onlyUndecided, setOnlyUndecided] = useState(false);
  const [page, setPage] = useState(1);
  const decided = useMemo(() => new Set(comparison.decisions.map((d) => d.sourceCitation)), [comparison.decisions]);
  const sectionOptions = useMemo(
    () => comparison.coverage.rows.map((r) => ({ value: r.citation, label: `${r.citation}${r.heading ? ` ${r.heading}` : ''}` })),
    [comparison.coverage.rows],
  );
  const shown = useMemo(() => {
    const q = filter.trim().normalize('NFKC').toLowerCase();
    const norm = (s: string) => s.normalize('NFKC').toLowerCase();
    // An exact citation (clicked in the coverage table) shows just that clause.
    const exact = q ? comparison.mappings.filter((m) => norm(m.source) === q) : [];
    const matching = exact.length
      ? exact
      : comparison.mappings.filter((m) => {
          const c = sources.get(m.source);
          return !q || norm(`${m.source} ${c?.heading ?? ''} ${c?.text ?? ''}`).includes(q);
        });
    return onlyUndecided ? matching.filter((m) => !decided.has(m.source)) : matching;
  }, [comparison.mappings, filter, onlyUndecided, decided, sources]);
  const pages = Math.max(1, Math.ceil(shown.length / PER_PAGE));
  const current = Math.min(page, pages);
  const slice = shown.slice((current - 1) * PER_PAGE, current * PER_PAGE);

  return (
    <Section title={t('catalogs.compare.sideTitle')} lead={t('catalogs.compare.sideLead')} testId="mapping-list">
      <Group justify="space-between" wrap="wrap">
        <Group gap="md">
          <TextInput
            placeholder={t('catalogs.compare.sideFilter')}
            aria-label={t('catalogs.compare.sideFilter')}
            value={filter}
            onChange={(e) => {
              onFilter(e.currentTarget.value);
              setPage(1);
            }}
            w={280}
            data-testid="mapping-filter"
          />
          <Checkbox label={t('catalogs.compare.onlyUndecided')} checked={onlyUndecided} onChange={(e) => { setOnlyUndecided(e.currentTarget.checked); setPage(1); }} />
        </Group>
        {shown.length ? (
          <Text size="sm" c="dimmed">
            {t('catalogs.compare.pageOf', { from: (current - 1) * PER_PAGE + 1, to: Math.min(current * PER_PAGE, shown.length), total: shown.length })}
          </Text>
        ) : null}
      </Group>
      {!canDecide ? <Text size="xs" c="dimmed">{t('catalogs.compare.canDecideNote')}</Text> : null}
      {shown.length === 0 ? <Text size="sm" c="dimmed">{t('catalogs.compare.noRows')}</Text> : null}
      <Stack gap="sm">
        {slice.map((m) => (
          <MappingCard
            key={m.source}
            comparison={comparison}
            mapping={m}
            sourceClause={sources.get(m.source)}
            targets={targets}
            sectionOptions={sectionOptions}
            canDecide={canDecide}
          />
        ))}
      </Stack>
      {pages > 1 ? <Pagination total={pages} value={current} onChange={setPage} style={{ alignSelf: 'center' }} /> : null}
    </Section>
  );
}
