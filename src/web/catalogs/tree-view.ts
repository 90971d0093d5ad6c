import type { Clause } from '../../core/regulation/types.ts';
import { type ClausePath, pathId } from './tree-edit.ts';

/** Helpers for showing a clause tree: which rows are visible, search within, counts. */

export interface TreeRow {
  clause: Clause;
  path: number[];
  id: string;
  depth: number;
}

/** Rows in reading order, descending only into expanded clauses (all of them when `expanded` is 'all'). */
export function visibleRows(clauses: readonly Clause[], expanded: ReadonlySet<string> | 'all', base: ClausePath = []): TreeRow[] {
  const rows: TreeRow[] = [];
  clauses.forEach((clause, i) => {
    const path = [...base, i];
    const id = pathId(path);
    rows.push({ clause, path, id, depth: base.length });
    if (clause.children.length && (expanded === 'all' || expanded.has(id))) rows.push(...visibleRows(clause.children, expanded, path));
  });
  return rows;
}

export function countClauses(clauses: readonly Clause[]): number {
  return clauses.reduce((n, c) => n + 1 + countClauses(c.children), 0);
}

/** Path ids of every clause with children down to `depth` levels (0: none). */
export function pathIdsToDepth(clauses: readonly Clause[], depth: number, base: ClausePath = []): string[] {
  if (depth <= 0) return [];
  return clauses.flatMap((c, i) => {
    const path = [...base, i];
    return c.children.length ? [pathId(path), ...pathIdsToDepth(c.children, depth - 1, path)] : [];
  });
}

const CONTAINERS = new Set<Clause['kind']>(['chapter', 'section', 'supplementary']);
const MAX_OPEN_ROWS = 400;

/**
 * What to open first: chapters and sections (第N章, 第N節, 1.1), so a regulation shows its
 * articles and a standard its numbered sections; only the first level if that would be too long.
 */
export function defaultExpanded(clauses: readonly Clause[]): string[] {
  const containers: string[] = [];
  const visit = (list: readonly Clause[], base: ClausePath) =>
    list.forEach((c, i) => {
      const path = [...base, i];
      if (c.children.length && CONTAINERS.has(c.kind)) {
        containers.push(pathId(path));
        visit(c.children, path);
      }
    });
  visit(clauses, []);
  if (visibleRows(clauses, new Set(containers)).length <= MAX_OPEN_ROWS) return containers;
  return pathIdsToDepth(clauses, 1);
}

/** Words of a search box: NFKC-normalised, split on ASCII and ideographic spaces. */
export const searchWords = (q: string) => q.normalize('NFKC').split(/[\s\u3000]+/).filter(Boolean);

const haystack = (c: Clause) => `${c.citation} ${c.heading ?? ''} ${c.text}`.normalize('NFKC').toLowerCase();

/**
 * The clauses where every word occurs (in citation, heading or text), with their ancestors so
 * the place in the document stays visible. Returns the pruned tree and how many clauses matched.
 */
export function filterClauses(clauses: readonly Clause[], words: readonly string[]): { clauses: Clause[]; matches: number } {
  const lower = words.map((w) => w.toLowerCase());
  let matches = 0;
  const prune = (list: readonly Clause[]): Clause[] =>
    list.flatMap((c) => {
      const children = prune(c.children);
      const text = haystack(c);
      const hit = lower.every((w) => text.includes(w));
      if (hit) matches++;
      return hit || children.length ? [{ ...c, children }] : [];
    });
  const pruned = prune(clauses);
  return { clauses: pruned, matches };
}

/** Every citation in the tree, in reading order. */
export function allCitations(clauses: readonly Clause[]): string[] {
  return clauses.flatMap((c) => [c.citation, ...allCitations(c.children)]);
}

/** citation → clause, for looking texts up beside a comparison. */
export function clauseIndex(clauses: readonly Clause[], into = new Map<string, Clause>()): Map<string, Clause> {
  for (const c of clauses) {
    if (!into.has(c.citation)) into.set(c.citation, c);
    clauseIndex(c.children, into);
  }
  return into;
}
