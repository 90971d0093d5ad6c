/**
 * Article form (条文形式): 第N章 / 第N節 / 第N款 / (見出し) / 第N条 / paragraphs 2, 3 … /
 * items (1) or 一 / sub-items イ, ア … / 附則 / 別表.
 *
 * Representation (see docs/formats/regulations.md):
 * - An article's own text is its first paragraph; paragraphs 2.. are children 第N条第M項.
 *   "第32条 has five paragraphs" = its own text + four paragraph children.
 * - Items under the first paragraph are children of the article (第2条第1号); items under
 *   paragraph M are children of that paragraph (第4条第2項第1号), as Japanese citation has it.
 * - A 附則 behaves like an article without a number: own text = paragraph 1, "2 …" = 附則第2項.
 *   例規集 exports often drop the word 附則: an enactment sentence ("この規程は…から施行する。")
 *   after the last article, or a bare date line "(平成27年3月31日)", opens one.
 * - Lines indented under an item with their label lost in export become sub-items without a
 *   label, cited by position: 第51条第3項第6号細目1.
 */
import type { Line } from './normalize.ts';
import { isDateText, parseNumeral } from './normalize.ts';
import type { Marker } from './patterns.ts';
import { type ClauseTree, type Node, PREAMBLE_HEADING, preambleFor } from './tree.ts';

const ENACTMENT = /^(?:1\s)?この\S{1,8}は.{0,60}施行/;

interface State {
  chapter: Node | null;
  section: Node | null;
  subsection: Node | null;
  suppl: Node | null;
  appendix: Node | null;
  article: Node | null;
  paragraph: Node | null;
  item: Node | null;
  /** The clause that plain text lines continue. */
  current: Node | null;
  pendingHeading: string | null;
  sawArticle: boolean;
}

export function parseArticleForm(lines: Line[], markers: (Marker | null)[], skip: Uint8Array, end: number, tree: ClauseTree): void {
  const s: State = {
    chapter: null, section: null, subsection: null, suppl: null, appendix: null,
    article: null, paragraph: null, item: null, current: null, pendingHeading: null, sawArticle: false,
  };
  const nextIndex = (i: number): number => {
    let j = i + 1;
    while (j < end && skip[j]) j++;
    return j;
  };
  // Opening a unit closes everything below it.
  const closeArticle = () => {
    s.article = s.paragraph = s.item = null;
  };

  for (let i = 0; i < end; i++) {
    if (skip[i]) continue;
    const l = lines[i]!;
    const m = markers[i] ?? null;

    if (!s.suppl && !s.appendix && s.sawArticle && (!m || (m.type === 'paragraph' && m.n === 1)) && ENACTMENT.test(l.fold)) {
      openSupplementary(s, tree, null, l.no, ''); // nothing printed: the label stays empty
    }

    switch (m?.type) {
      case 'headingParen': {
        const j = nextIndex(i);
        if (j < end && markers[j]?.type === 'article') {
          s.pendingHeading = m.inner;
          continue;
        }
        // "(令和4年3月25日)" after the articles: the date of an amending 附則 whose title was lost.
        if (s.sawArticle && isDateText(m.inner) && !m.inner.endsWith('施行')) {
          openSupplementary(s, tree, m.inner, l.no, '');
          continue;
        }
        break;
      }
      case 'chapter': {
        s.section = s.subsection = s.suppl = s.appendix = null;
        closeArticle();
        s.chapter = s.current = tree.add(null, { kind: 'chapter', key: `ch${m.n}`, label: m.label, citation: `第${m.num}章`, heading: m.rest || null, line: l.no });
        continue;
      }
      case 'section': {
        s.subsection = null;
        closeArticle();
        const p = s.chapter;
        s.section = s.current = tree.add(p, {
          kind: 'section', key: `${p ? `${p.key}-` : ''}s${m.n}`, label: m.label, citation: `${p?.citation ?? ''}第${m.num}節`, heading: m.rest || null, line: l.no,
        });
        continue;
      }
      case 'subsection': {
        closeArticle();
        const p = s.section ?? s.chapter;
        s.subsection = s.current = tree.add(p, {
          kind: 'subsection', key: `${p ? `${p.key}-` : ''}k${m.n}`, label: m.label, citation: `${p?.citation ?? ''}第${m.num}款`, heading: m.rest || null, line: l.no,
        });
        continue;
      }
      case 'article': {
        s.appendix = null;
        closeArticle();
        const p = s.suppl ?? s.subsection ?? s.section ?? s.chapter;
        const own = `${m.n}${m.subs.map((sub) => `_${parseNumeral(sub)}`).join('')}`;
        s.article = s.current = tree.add(p, {
          kind: 'article',
          key: s.suppl ? `${s.suppl.key}/${own}` : own,
          label: m.label,
          citation: `${s.suppl?.citation ?? ''}第${m.num}`,
          heading: m.heading ?? s.pendingHeading,
          text: m.rest,
          line: l.no,
        });
        s.pendingHeading = null;
        s.sawArticle = true;
        continue;
      }
      case 'supplementary': {
        openSupplementary(s, tree, m.note, l.no, m.label, m.rest);
        continue;
      }
      case 'appendix': {
        s.chapter = s.section = s.subsection = s.suppl = null;
        closeArticle();
        s.appendix = s.current = tree.add(null, {
          kind: 'appendix', key: `appx-${m.name}`, label: m.label, citation: m.name, heading: m.heading ?? (m.rest || null), line: l.no,
        });
        continue;
      }
      case 'paragraph': {
        const container = s.article ?? s.suppl;
        if (!container) break;
        if (m.n === 1 && container.text.empty && container.children.length === 0) {
          container.text.add(m.rest); // "1 この規程は…": the first paragraph, numbered explicitly
          s.current = container;
          continue;
        }
        // A bare number is a weak signal: only the next paragraph number (or one skipped) counts.
        if (m.n <= container.lastParagraph || m.n > container.lastParagraph + 2) break;
        container.lastParagraph = m.n;
        s.item = null;
        s.paragraph = s.current = tree.add(container, {
          kind: 'paragraph', key: `${container.key}-${m.n}`, label: m.label, citation: `${container.citation}第${m.num}項`, text: m.rest, line: l.no, num: m.n,
        });
        continue;
      }
      case 'item':
      case 'kanjiItem': {
        const p = s.paragraph ?? s.article ?? s.suppl ?? s.appendix;
        if (!p) break;
        const underArticle = p === s.article || p === s.suppl;
        s.item = s.current = tree.add(p, {
          kind: 'item',
          key: underArticle ? `${p.key}-1-${m.n}` : `${p.key}-${m.n}`,
          label: m.label,
          citation: p === s.appendix ? `${p.citation}${m.type === 'item' ? `(${m.num})` : m.num}` : `${p.citation}第${m.num}号`,
          text: m.rest,
          line: l.no,
          num: m.n,
        });
        continue;
      }
      case 'kana':
      case 'kanaParen':
      case 'circled':
      case 'latin': {
        const item = s.item;
        if (!item) break;
        s.current = tree.add(item, { kind: 'subitem', key: `${item.key}-${m.num}`, label: m.label, citation: `${item.citation}${m.num}`, text: m.rest, line: l.no, num: m.n });
        continue;
      }
      default:
        break;
    }

    // An indented line under an item whose label did not survive the export: an unlabelled sub-item.
    const item = s.item;
    if (!m && l.indented && item && (s.current === item || s.current?.parent === item)) {
      const k = ++item.unlabelled;
      s.current = tree.add(item, { kind: 'subitem', key: `${item.key}-s${k}`, label: '', citation: `${item.citation}細目${k}`, text: l.text, line: l.no, num: k });
      continue;
    }
    addText(s, tree, l);
  }
}

function openSupplementary(s: State, tree: ClauseTree, note: string | null, line: number, label: string, rest = ''): void {
  s.chapter = s.section = s.subsection = s.appendix = null;
  s.article = s.paragraph = s.item = null;
  s.suppl = s.current = tree.add(null, {
    kind: 'supplementary', key: note ? `suppl(${note})` : 'suppl', label, citation: note ? `附則(${note})` : '附則', heading: null, text: rest, line,
  });
}

function addText(s: State, tree: ClauseTree, l: Line): void {
  let target = s.current;
  if (!target) {
    target = preambleFor(tree, l.no);
    if (target.heading === null && target.text.empty && PREAMBLE_HEADING.test(l.text)) {
      target.heading = l.text;
      return;
    }
  }
  target.text.add(l.text, { table: l.table, newParagraph: l.bullet });
}
