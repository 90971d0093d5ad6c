import type { Clause } from '../../core/regulation/types.ts';

/**
 * Level corrections on a parsed clause tree, made in the import preview before saving.
 * Pure functions: each returns a new tree and leaves the input untouched.
 *
 * A clause is addressed by its path of child indices (e.g. [0, 2, 1]), because keys from
 * a mis-parsed document are not guaranteed to be unique.
 *
 * Both moves keep document order (what the reader sees top to bottom never changes):
 * - promote (一段上げる): the clause becomes the next sibling of its parent; the siblings
 *   that followed it under the old parent follow it still, now as its last children.
 * - demote (一段下げる): the clause becomes the last child of its previous sibling.
 *
 * Citations follow the structure where they are relative to the parent: a paragraph, item or
 * sub-item whose citation extends its parent's (第3条第2項 under 第3条, 7.1.4(2) under 7.1.4)
 * is re-cited under the new parent with the same tail, and its descendants with it. Citations
 * that stand alone (第5条, 1.3, 1.1.2) are kept, because documents number those independently
 * of nesting; so is a clause moved to the top level, which has no parent to cite through.
 */
export type ClausePath = readonly number[];

export const pathId = (path: ClausePath) => path.join('.');

export function clauseAt(tree: readonly Clause[], path: ClausePath): Clause | undefined {
  let list = tree;
  let found: Clause | undefined;
  for (const i of path) {
    found = list[i];
    if (!found) return undefined;
    list = found.children;
  }
  return found;
}

export const canPromote = (tree: readonly Clause[], path: ClausePath) => path.length >= 2 && clauseAt(tree, path) !== undefined;
export const canDemote = (tree: readonly Clause[], path: ClausePath) => (path[path.length - 1] ?? 0) > 0 && clauseAt(tree, path) !== undefined;

/** Paragraphs (項), items (号) and the ①/(a)/ア levels are cited through their parent; the rest stand alone. */
const RELATIVE_KINDS = new Set<Clause['kind']>(['paragraph', 'item', 'subitem']);

/** Rewrites the citation prefix `from` to `to` on a clause and its descendants cited through it. */
function recite(clause: Clause, from: string, to: string): Clause {
  if (from === to || !clause.citation.startsWith(from)) return clause;
  const children = clause.children.map((c) => (RELATIVE_KINDS.has(c.kind) ? recite(c, from, to) : c));
  return { ...clause, citation: to + clause.citation.slice(from.length), children };
}

/** The clause, re-cited for moving from under `oldParent` to under `newParent` (null: top level, citation kept). */
function reparent(clause: Clause, oldParent: Clause | null, newParent: Clause | null): Clause {
  if (!oldParent || !newParent || !RELATIVE_KINDS.has(clause.kind)) return clause;
  if (clause.citation === oldParent.citation || !clause.citation.startsWith(oldParent.citation)) return clause;
  const tail = clause.citation.slice(oldParent.citation.length);
  return recite(clause, clause.citation, (newParent?.citation ?? '') + tail);
}

/** Replaces the children list at `parentPath` ([] = the roots) through `edit`. */
function editChildren(tree: readonly Clause[], parentPath: ClausePath, edit: (children: readonly Clause[]) => Clause[]): Clause[] {
  if (parentPath.length === 0) return edit(tree);
  const [head, ...rest] = parentPath as [number, ...number[]];
  return tree.map((c, i) => (i === head ? { ...c, children: editChildren(c.children, rest, edit) } : c));
}

export function promote(tree: readonly Clause[], path: ClausePath): Clause[] {
  if (!canPromote(tree, path)) return [...tree];
  const index = path[path.length - 1]!;
  const parentIndex = path[path.length - 2]!;
  const parentPath = path.slice(0, -1);
  const grandPath = path.slice(0, -2);
  const parent = clauseAt(tree, parentPath)!;
  const grand = grandPath.length ? clauseAt(tree, grandPath)! : null;
  const clause = parent.children[index]!;
  // Later siblings stay after the clause in reading order, so they become its children.
  const followers = parent.children.slice(index + 1).map((c) => reparent(c, parent, clause));
  const moved = reparent({ ...clause, children: [...clause.children, ...followers] }, parent, grand);
  const keptParent: Clause = { ...parent, children: parent.children.slice(0, index) };
  return editChildren(tree, grandPath, (siblings) => [
    ...siblings.slice(0, parentIndex),
    keptParent,
    moved,
    ...siblings.slice(parentIndex + 1),
  ]);
}

export function demote(tree: readonly Clause[], path: ClausePath): Clause[] {
  if (!canDemote(tree, path)) return [...tree];
  const index = path[path.length - 1]!;
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length ? clauseAt(tree, parentPath)! : null;
  return editChildren(tree, parentPath, (siblings) => {
    const previous = siblings[index - 1]!;
    const clause = siblings[index]!;
    const moved = reparent(clause, parent, previous);
    return [...siblings.slice(0, index - 1), { ...previous, children: [...previous.children, moved] }, ...siblings.slice(index + 1)];
  });
}

/** The path a clause has after `promote(tree, path)`. */
export const pathAfterPromote = (path: ClausePath): number[] => [...path.slice(0, -2), path[path.length - 2]! + 1];

/** The path a clause has after `demote(tree, path)`, given the tree before the move. */
export function pathAfterDemote(tree: readonly Clause[], path: ClausePath): number[] {
  const previousPath = [...path.slice(0, -1), path[path.length - 1]! - 1];
  const previous = clauseAt(tree, previousPath);
  return [...previousPath, previous ? previous.children.length : 0];
}
