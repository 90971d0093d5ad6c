/**
 * Outline form (項番形式), as in the government unified standards and the standards built on
 * them: 第N章 / 1.1 / 1.1.1 / (1) / ① / (a) / ア / (ア), usually converted from PDF.
 *
 * Levels are fixed by the kind of label, not by indentation (PDF conversion scatters "- " and
 * spaces at random): a label becomes the child of the nearest open clause of a higher level.
 * Numbered sections attach by their number (7.1.4 under 7.1), so a skipped level or a stray
 * label cannot misplace them. Citations concatenate the labels: 7.1.4(2)②(e)ア.
 *
 * A short label text without punctuation followed by body text or deeper labels is a heading
 * ("(1) 目的・趣旨", "① 複合機"); otherwise it is the clause's text.
 */
import type { Line } from './normalize.ts';
import type { Marker } from './patterns.ts';
import { type ClauseTree, type Node, PREAMBLE_HEADING, preambleFor } from './tree.ts';

// Numbered sections take ranks 1..5 (dots), chapters and appendices 0.
const LABEL_RANK: Partial<Record<Marker['type'], number>> = { item: 10, circled: 11, latin: 12, kana: 13, kanaParen: 14 };

const HEADING_LIKE = /^[^。．]{1,50}$/;

export function parseOutlineForm(lines: Line[], markers: (Marker | null)[], skip: Uint8Array, end: number, tree: ClauseTree): void {
  /** Open clauses from the top level down; text continues the last one. */
  let stack: Node[] = [];

  const nextIndex = (i: number): number => {
    let j = i + 1;
    while (j < end && skip[j]) j++;
    return j;
  };
  /** What follows a label line: a deeper label, body text, or neither (a sibling, a new unit). */
  const follows = (i: number, rank: number): 'child' | 'text' | null => {
    const j = nextIndex(i);
    if (j >= end) return null;
    const next = markers[j] ?? null;
    if (!next || next.type === 'headingParen' || next.type === 'paragraph' || next.type === 'kanjiItem') return 'text';
    const r = LABEL_RANK[next.type];
    return r !== undefined && r > rank ? 'child' : null;
  };
  /**
   * "(1) 目的・趣旨" followed by its body, "① 教育実施計画の策定、教育対象者の整理" followed by
   * (a): headings. A commaed fragment followed by text is a sentence broken by the PDF instead.
   */
  const isHeading = (i: number, rank: number, rest: string): boolean => {
    if (!HEADING_LIKE.test(rest)) return false;
    const next = follows(i, rank);
    return next === 'child' ? rest.length <= 40 : next === 'text' && !/[、，,]/.test(rest);
  };

  for (let i = 0; i < end; i++) {
    if (skip[i]) continue;
    const l = lines[i]!;
    const m = markers[i] ?? null;

    switch (m?.type) {
      case 'chapter': {
        stack = [tree.add(null, { kind: 'chapter', key: `ch${m.n}`, label: m.label, citation: `第${m.num}章`, heading: m.rest || null, line: l.no })];
        continue;
      }
      case 'section':
      case 'subsection': {
        // 第N節 in an outline document: under the chapter, above numbered sections.
        const chapter = stack[0]?.kind === 'chapter' ? stack[0] : null;
        const unit = m.type === 'section' ? '節' : '款';
        const node = tree.add(chapter, {
          kind: m.type, key: `${chapter ? `${chapter.key}-` : ''}${unit}${m.n}`, label: m.label, citation: `${chapter?.citation ?? ''}第${m.num}${unit}`, heading: m.rest || null, line: l.no, rank: 0.5,
        });
        stack = chapter ? [chapter, node] : [node];
        continue;
      }
      case 'numbered': {
        const at = parentOfNumbered(stack, m.num);
        const parent = at >= 0 ? stack[at]! : null;
        const node = tree.add(parent, {
          kind: m.depth === 1 ? 'section' : 'subsection', key: m.num, label: m.label, citation: m.num, heading: m.rest || null, line: l.no, rank: m.depth,
        });
        stack = [...stack.slice(0, at + 1), node];
        continue;
      }
      case 'appendix': {
        stack = [tree.add(null, { kind: 'appendix', key: `appx-${m.name}`, label: m.label, citation: m.name, heading: m.heading ?? (m.rest || null), line: l.no })];
        continue;
      }
      case 'supplementary': {
        const citation = m.note ? `附則(${m.note})` : '附則';
        stack = [tree.add(null, { kind: 'supplementary', key: m.note ? `suppl(${m.note})` : 'suppl', label: m.label, citation, text: m.rest, line: l.no })];
        continue;
      }
      case 'item':
      case 'circled':
      case 'latin':
      case 'kana':
      case 'kanaParen': {
        const rank = LABEL_RANK[m.type]!;
        while (stack.length && stack[stack.length - 1]!.rank >= rank) stack.pop();
        const parent = stack[stack.length - 1] ?? null;
        const citation = `${parent?.citation ?? ''}${labelInCitation(m)}`;
        const heading = isHeading(i, rank, m.rest);
        stack.push(tree.add(parent, {
          kind: m.type === 'item' ? 'item' : 'subitem', key: citation, label: m.label, citation,
          heading: heading ? m.rest : null, text: heading ? '' : m.rest, line: l.no, rank, num: m.n,
        }));
        continue;
      }
      default:
        break;
    }

    const target = stack[stack.length - 1] ?? preambleFor(tree, l.no);
    if (target.kind === 'preamble' && target.heading === null && target.text.empty && PREAMBLE_HEADING.test(l.text)) {
      target.heading = l.text;
      continue;
    }
    target.text.add(l.text, { table: l.table, newParagraph: l.bullet });
  }
}

/** The label as it appears inside a citation: (2), ②, (a), ア — width-folded. */
function labelInCitation(m: { type: Marker['type']; num: string }): string {
  return m.type === 'item' ? `(${m.num})` : m.num;
}

/**
 * Index in the stack of the parent of numbered section `num`: the open section whose number is
 * its prefix (7.1 for 7.1.4), else the innermost chapter, 節, appendix or 附則 (rank below 1),
 * else none (-1).
 */
function parentOfNumbered(stack: Node[], num: string): number {
  for (let k = stack.length - 1; k >= 0; k--) {
    const n = stack[k]!;
    if (n.rank >= 1 && n.rank < 10 && num.startsWith(`${n.citation}.`)) return k;
  }
  for (let k = stack.length - 1; k >= 0; k--) if (stack[k]!.rank < 1) return k;
  return -1;
}
