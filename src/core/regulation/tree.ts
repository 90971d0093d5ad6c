/**
 * The mutable clause tree both form parsers build, and its conversion to the immutable
 * `Clause` shape. Keeps keys unique and drops an empty clause when the same unit appears again
 * (a table of contents that was not recognised as one leaves such empty copies behind).
 */
import { TextParts } from './normalize.ts';
import type { Clause, ClauseKind, UnplacedLine } from './types.ts';

export interface Node {
  kind: ClauseKind;
  key: string;
  label: string;
  citation: string;
  heading: string | null;
  text: TextParts;
  line: number;
  children: Node[];
  parent: Node | null;
  /** Position in the numbering scheme: smaller ranks contain larger ones (outline form). */
  rank: number;
  /** The number a later sibling continues from (paragraph and item sequences). */
  num: number;
  /** Highest paragraph number seen in this article or 附則 (the article's own text is 1). */
  lastParagraph: number;
  /** Children added without a printed label so far (they are cited by position). */
  unlabelled: number;
}

export interface NewNode {
  kind: ClauseKind;
  key: string;
  label: string;
  citation: string;
  heading?: string | null;
  text?: string;
  line: number;
  rank?: number;
  num?: number;
}

export class ClauseTree {
  readonly roots: Node[] = [];
  readonly unplaced: UnplacedLine[] = [];
  private readonly byKey = new Map<string, Node>();

  add(parent: Node | null, spec: NewNode): Node {
    let key = spec.key;
    const existing = this.byKey.get(key);
    if (existing && existing.children.length === 0 && existing.text.empty) {
      this.remove(existing);
    } else if (existing) {
      // The document numbers two units alike; the citation stays as printed, the key must not.
      let n = 2;
      while (this.byKey.has(`${key}#${n}`)) n++;
      key = `${key}#${n}`;
    }
    const node: Node = {
      kind: spec.kind,
      key,
      label: spec.label,
      citation: spec.citation,
      heading: spec.heading ?? null,
      text: new TextParts(),
      line: spec.line,
      children: [],
      parent,
      rank: spec.rank ?? 0,
      num: spec.num ?? 0,
      lastParagraph: 1,
      unlabelled: 0,
    };
    if (spec.text) node.text.add(spec.text);
    (parent ? parent.children : this.roots).push(node);
    this.byKey.set(key, node);
    return node;
  }

  private remove(node: Node): void {
    const siblings = node.parent ? node.parent.children : this.roots;
    siblings.splice(siblings.indexOf(node), 1);
    this.byKey.delete(node.key);
  }

  unplace(line: number, text: string, reason: string): void {
    this.unplaced.push({ line, text, reason });
  }

  toClauses(): Clause[] {
    return this.roots.map(freeze);
  }
}

function freeze(node: Node): Clause {
  return {
    key: node.key,
    kind: node.kind,
    label: node.label,
    citation: node.citation,
    heading: node.heading,
    text: node.text.toString(),
    line: node.line,
    children: node.children.map(freeze),
  };
}

/** Lines that open the preamble rather than belong to it ("はじめに", "前文"). */
export const PREAMBLE_HEADING = /^(?:はじめに|前文|序文|まえがき|序)$/;

/** Text before the first numbered unit goes to one preamble clause at the top. */
export function preambleFor(tree: ClauseTree, line: number): Node {
  const first = tree.roots[0];
  if (first?.kind === 'preamble') return first;
  const node = tree.add(null, { kind: 'preamble', key: 'preamble', label: '', citation: '前文', line });
  // The preamble comes first even if something was added before it.
  tree.roots.unshift(tree.roots.pop()!);
  return node;
}
