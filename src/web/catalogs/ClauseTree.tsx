import { ActionIcon, Box, Checkbox, Group, Highlight, Paper, Text } from '@mantine/core';
import { type ReactNode, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Clause } from './api.ts';
import { type TreeRow, defaultExpanded, pathIdsToDepth, visibleRows } from './tree-view.ts';

/** Which clauses are open; starts with chapters and sections open (see `defaultExpanded`). */
export function useExpansion(clauses: readonly Clause[]) {
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(defaultExpanded(clauses)));
  const toggle = useCallback((id: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const expandAll = useCallback(() => setExpanded(new Set(pathIdsToDepth(clauses, Number.POSITIVE_INFINITY))), [clauses]);
  const collapseAll = useCallback(() => setExpanded(new Set()), []);
  return { expanded, setExpanded, toggle, expandAll, collapseAll };
}

const KIND_COLOR: Partial<Record<Clause['kind'], string>> = {
  chapter: 'indigo.8', section: 'indigo.7', subsection: 'indigo.6', article: 'dark.7', supplementary: 'grape.7', appendix: 'grape.7',
};

interface Props {
  clauses: readonly Clause[];
  expanded: ReadonlySet<string>;
  onToggle: (id: string) => void;
  /** Open every clause (e.g. while searching within). */
  expandEverything?: boolean;
  /** Words to mark in the text. */
  highlight?: string[];
  /** Full clause text, or only its first line. */
  fullText?: boolean;
  /** Buttons at the end of a row (level corrections in the import preview). */
  actions?: (row: TreeRow) => ReactNode;
  /** Checkboxes by citation (choosing clauses for a checklist). */
  selection?: { selected: ReadonlySet<string>; onToggle: (citation: string) => void };
  /** Path id of a row to mark (the one just moved). */
  marked?: string | null;
  testId?: string;
}

/** A regulation's clauses as an indented, collapsible list: citation, heading and text. */
export function ClauseTree({ clauses, expanded, onToggle, expandEverything, highlight = [], fullText, actions, selection, marked, testId }: Props) {
  const { t } = useTranslation();
  const rows = useMemo(() => visibleRows(clauses, expandEverything ? 'all' : expanded), [clauses, expanded, expandEverything]);
  if (clauses.length === 0) return <Text c="dimmed" size="sm">{t('catalogs.tree.empty')}</Text>;
  return (
    <Paper withBorder radius="md" bg="white" data-testid={testId ?? 'clause-tree'} style={{ overflow: 'hidden' }}>
      {rows.map((row) => {
        const { clause, id, depth } = row;
        const open = expandEverything || expanded.has(id);
        const hasChildren = clause.children.length > 0;
        return (
          <Group
            key={id}
            gap={6}
            wrap="nowrap"
            align="flex-start"
            px="sm"
            py={6}
            data-testid="clause-row"
            data-citation={clause.citation}
            bg={marked === id ? 'yellow.0' : undefined}
            style={{ borderBottom: '1px solid var(--mantine-color-gray-2)', paddingLeft: `calc(var(--mantine-spacing-sm) + ${depth * 22}px)` }}
          >
            <Box w={22} style={{ flexShrink: 0 }}>
              {hasChildren ? (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  onClick={() => onToggle(id)}
                  aria-expanded={open}
                  aria-label={`${clause.citation} ${t('catalogs.tree.children', { count: clause.children.length })}`}
                  data-testid="clause-toggle"
                >
                  <Text size="xs" style={{ transform: open ? 'rotate(90deg)' : undefined, transition: 'transform 120ms' }}>▶</Text>
                </ActionIcon>
              ) : null}
            </Box>
            {selection ? (
              <Checkbox
                mt={3}
                size="xs"
                checked={selection.selected.has(clause.citation)}
                onChange={() => selection.onToggle(clause.citation)}
                aria-label={clause.citation}
                data-testid="clause-select"
              />
            ) : null}
            <Box style={{ flex: 1, minWidth: 0 }}>
              <Group gap={8} wrap="nowrap" align="baseline">
                <Text size="sm" fw={700} c={KIND_COLOR[clause.kind] ?? 'dark.5'} style={{ whiteSpace: 'nowrap' }} data-testid="clause-citation">
                  {clause.citation}
                </Text>
                {clause.heading ? (
                  <Highlight size="sm" fw={600} highlight={highlight} lineClamp={1} data-testid="clause-heading">
                    {clause.heading}
                  </Highlight>
                ) : null}
                {hasChildren && !open ? (
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{t('catalogs.tree.children', { count: clause.children.length })}</Text>
                ) : null}
              </Group>
              {clause.text ? (
                <Highlight size="sm" c="dark.4" highlight={highlight} lineClamp={fullText ? undefined : 1} style={{ whiteSpace: fullText ? 'pre-wrap' : undefined }}>
                  {clause.text}
                </Highlight>
              ) : null}
            </Box>
            {actions ? <Box style={{ flexShrink: 0 }}>{actions(row)}</Box> : null}
          </Group>
        );
      })}
    </Paper>
  );
}
