import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Clause } from './api.ts';
import { ClauseTree, useExpansion } from './ClauseTree.tsx';
import { allCitations, filterClauses, searchWords } from './tree-view.ts';

interface Props {
  clauses: Clause[];
  query: string;
  onQuery: (q: string) => void;
  /** Ticked citations when choosing clauses for a checklist; null hides the checkboxes. */
  selected: Set<string> | null;
  onSelected: (next: Set<string>) => void;
}

function subtreeCitations(c: Clause): string[] {
  return [c.citation, ...c.children.flatMap(subtreeCitations)];
}

function findClause(clauses: readonly Clause[], citation: string): Clause | undefined {
  for (const c of clauses) {
    if (c.citation === citation) return c;
    const inner = findClause(c.children, citation);
    if (inner) return inner;
  }
  return undefined;
}

/** The clause tree of a regulation with search-within and, optionally, checkboxes. */
export function ClauseBrowser({ clauses, query, onQuery, selected, onSelected }: Props) {
  const { t } = useTranslation();
  const { expanded, toggle, expandAll, collapseAll } = useExpansion(clauses);
  const [debounced] = useDebouncedValue(query, 200);
  const words = useMemo(() => searchWords(debounced), [debounced]);
  const filtered = useMemo(() => (words.length ? filterClauses(clauses, words) : null), [clauses, words]);

  // Ticking a clause ticks what is under it (an article with its paragraphs and items).
  const toggleSelected = (citation: string) => {
    if (!selected) return;
    const clause = findClause(clauses, citation);
    const group = clause ? subtreeCitations(clause) : [citation];
    const next = new Set(selected);
    if (selected.has(citation)) for (const c of group) next.delete(c);
    else for (const c of group) next.add(c);
    onSelected(next);
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <TextInput
          placeholder={t('catalogs.tree.searchPlaceholder')}
          aria-label={t('catalogs.tree.searchPlaceholder')}
          value={query}
          onChange={(e) => onQuery(e.currentTarget.value)}
          w={320}
          data-testid="tree-search"
        />
        <Group gap="xs">
          {selected ? (
            <>
              <Text size="sm" c="indigo.7" data-testid="selected-count">{t('catalogs.tree.selected', { count: selected.size })}</Text>
              <Button size="xs" variant="default" onClick={() => onSelected(new Set(allCitations(clauses)))}>{t('catalogs.tree.selectAll')}</Button>
              <Button size="xs" variant="default" onClick={() => onSelected(new Set())} disabled={selected.size === 0}>{t('catalogs.tree.selectNone')}</Button>
            </>
          ) : null}
          {!filtered ? (
            <>
              <Button size="xs" variant="default" onClick={expandAll}>{t('catalogs.tree.expandAll')}</Button>
              <Button size="xs" variant="default" onClick={collapseAll}>{t('catalogs.tree.collapseAll')}</Button>
            </>
          ) : null}
        </Group>
      </Group>
      {filtered ? (
        <Text size="sm" c={filtered.matches ? 'dimmed' : 'red.8'} data-testid="tree-matches">
          {filtered.matches ? t('catalogs.tree.matches', { count: filtered.matches }) : t('catalogs.tree.noMatch')}
        </Text>
      ) : null}
      {!filtered || filtered.matches > 0 ? (
        <ClauseTree
          clauses={filtered ? filtered.clauses : clauses}
          expanded={expanded}
          onToggle={toggle}
          expandEverything={filtered !== null}
          highlight={words}
          fullText
          selection={selected ? { selected, onToggle: toggleSelected } : undefined}
        />
      ) : null}
    </Stack>
  );
}
