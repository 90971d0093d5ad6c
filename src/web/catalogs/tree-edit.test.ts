import { describe, expect, it } from 'vitest';
import type { Clause, ClauseKind } from '../../core/regulation/types.ts';
import { canDemote, canPromote, clauseAt, demote, pathAfterDemote, pathAfterPromote, promote } from './tree-edit.ts';

function c(kind: ClauseKind, citation: string, children: Clause[] = []): Clause {
  return { key: citation, kind, label: citation, citation, heading: null, text: `${citation} の本文`, line: 1, children };
}

/** Citations in reading order with their depth, e.g. "第1条", "  第1条第2項". */
function outline(tree: readonly Clause[], depth = 0): string[] {
  return tree.flatMap((x) => [`${'  '.repeat(depth)}${x.citation}`, ...outline(x.children, depth + 1)]);
}

/** Keys (which never change) in reading order. */
const readingOrder = (tree: readonly Clause[]): string[] => tree.flatMap((x) => [x.key, ...readingOrder(x.children)]);

describe('promote (一段上げる)', () => {
  it('makes an article wrongly nested under the previous one its sibling, keeping its own paragraphs', () => {
    const tree = [c('chapter', '第1章', [c('article', '第1条', [c('paragraph', '第1条第2項'), c('article', '第2条', [c('paragraph', '第2条第2項')])])])];
    const next = promote(tree, [0, 0, 1]);
    expect(outline(next)).toEqual(['第1章', '  第1条', '    第1条第2項', '  第2条', '    第2条第2項']);
    // The input is not touched.
    expect(outline(tree)).toEqual(['第1章', '  第1条', '    第1条第2項', '    第2条', '      第2条第2項']);
  });

  it('keeps reading order: siblings that followed the clause become its children', () => {
    const tree = [c('section', '1.1', [c('subsection', '1.1.1'), c('section', '1.2'), c('item', '1.1(1)')])];
    const next = promote(tree, [0, 1]);
    expect(readingOrder(next)).toEqual(readingOrder(tree));
    expect(outline(next)).toEqual(['1.1', '  1.1.1', '1.2', '  1.2(1)']);
  });

  it('re-cites a paragraph and its items under the new parent', () => {
    const tree = [
      c('article', '第3条', [
        c('paragraph', '第3条第2項', [c('item', '第3条第2項第1号'), c('paragraph', '第3条第2項第3項', [c('item', '第3条第2項第3項第1号')])]),
      ]),
    ];
    const next = promote(tree, [0, 0, 1]);
    expect(outline(next)).toEqual(['第3条', '  第3条第2項', '    第3条第2項第1号', '  第3条第3項', '    第3条第3項第1号']);
  });

  it('does not rewrite citations that stand alone (articles, numbered sections)', () => {
    const tree = [c('chapter', '第1章', [c('section', '1.1', [c('section', '1.10')])])];
    const next = promote(tree, [0, 0, 0]);
    expect(outline(next)).toEqual(['第1章', '  1.1', '  1.10']);
  });

  it('keeps the citation when the clause comes to the top level', () => {
    const tree = [c('article', '第1条', [c('paragraph', '第1条第2項')])];
    expect(outline(promote(tree, [0, 0]))).toEqual(['第1条', '第1条第2項']);
  });

  it('cannot promote a top-level clause, and a bad path changes nothing', () => {
    const tree = [c('chapter', '第1章'), c('chapter', '第2章')];
    expect(canPromote(tree, [1])).toBe(false);
    expect(canPromote(tree, [0, 5])).toBe(false);
    expect(outline(promote(tree, [1]))).toEqual(outline(tree));
  });
});

describe('demote (一段下げる)', () => {
  it('makes a clause the last child of its previous sibling, with its subtree', () => {
    const tree = [c('section', '1.1', [c('subsection', '1.1.1')]), c('subsection', '1.1.2', [c('item', '1.1.2(1)')]), c('section', '1.2')];
    const next = demote(tree, [1]);
    expect(outline(next)).toEqual(['1.1', '  1.1.1', '  1.1.2', '    1.1.2(1)', '1.2']);
    expect(readingOrder(next)).toEqual(readingOrder(tree));
  });

  it('re-cites an item placed one level too high', () => {
    const tree = [c('article', '第2条', [c('paragraph', '第2条第2項'), c('item', '第2条第1号', [c('subitem', '第2条第1号イ')])])];
    const next = demote(tree, [0, 1]);
    expect(outline(next)).toEqual(['第2条', '  第2条第2項', '    第2条第2項第1号', '      第2条第2項第1号イ']);
  });

  it('cannot demote a first child', () => {
    const tree = [c('article', '第1条', [c('paragraph', '第1条第2項')])];
    expect(canDemote(tree, [0])).toBe(false);
    expect(canDemote(tree, [0, 0])).toBe(false);
    expect(outline(demote(tree, [0, 0]))).toEqual(outline(tree));
  });
});

describe('paths after a move', () => {
  it('point at the moved clause', () => {
    const tree = [c('chapter', '第1章', [c('article', '第1条', [c('article', '第2条')]), c('article', '第3条')])];
    const up = promote(tree, [0, 0, 0]);
    expect(clauseAt(up, pathAfterPromote([0, 0, 0]))?.citation).toBe('第2条');
    const down = demote(up, [0, 2]);
    expect(clauseAt(down, pathAfterDemote(up, [0, 2]))?.citation).toBe('第3条');
    expect(outline(down)).toEqual(['第1章', '  第1条', '  第2条', '    第3条']);
  });
});
