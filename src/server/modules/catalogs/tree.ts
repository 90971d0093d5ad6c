import type { Clause, ClauseKind } from '../../../core/regulation/types.ts';
import { newId } from '../../platform/secrets.ts';
import type { ClauseRow } from './repo.ts';

/** A clause tree becomes rows in document order (ord), each pointing at its parent. */
export function treeToRows(versionId: string, clauses: readonly Clause[]): ClauseRow[] {
  const rows: ClauseRow[] = [];
  const visit = (list: readonly Clause[], parentId: string | null, depth: number) => {
    for (const c of list) {
      const id = newId();
      rows.push({
        id, version_id: versionId, parent_id: parentId, ord: rows.length, depth, kind: c.kind, key: c.key, label: c.label,
        citation: c.citation, heading: c.heading, text: c.text, line: c.line, assessable: c.children.length === 0 || c.text.length > 0 ? 1 : 0,
      });
      visit(c.children, id, depth + 1);
    }
  };
  visit(clauses, null, 0);
  return rows;
}

/** Rows in ord order back into a tree. */
export function rowsToTree(rows: readonly ClauseRow[]): Clause[] {
  const roots: Clause[] = [];
  const byId = new Map<string, Clause>();
  for (const r of rows) {
    const clause: Clause = { key: r.key, kind: r.kind as ClauseKind, label: r.label, citation: r.citation, heading: r.heading, text: r.text, line: r.line, children: [] };
    byId.set(r.id, clause);
    const parent = r.parent_id ? byId.get(r.parent_id) : undefined;
    (parent ? parent.children : roots).push(clause);
  }
  return roots;
}

export function countClauses(clauses: readonly Clause[]): number {
  let n = 0;
  for (const c of clauses) n += 1 + countClauses(c.children);
  return n;
}
