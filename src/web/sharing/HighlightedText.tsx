import { Box } from '@mantine/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type Mark, segmentText } from './format.ts';
import { KIND_COLORS } from './shared.tsx';

/** Where a point of the selection falls in the text: the length of everything before it inside the box. */
function offsetIn(box: HTMLElement, node: Node, offset: number): number {
  const r = document.createRange();
  r.selectNodeContents(box);
  r.setEnd(node, offset);
  return r.toString().length;
}

interface Props {
  text: string;
  marks: readonly Mark[];
  /** Called with the selected range (UTF-16 offsets) when the mouse or keyboard selects text inside. */
  onSelect?: (start: number, end: number) => void;
  testId?: string;
}

/**
 * The text exactly as written, each proposal highlighted in its kind's colour: accepted ones filled,
 * rejected ones only outlined, added spans filled and underlined twice. Only text nodes are inside the
 * box, so a selection's offsets are plain string indices.
 */
export function HighlightedText({ text, marks, onSelect, testId }: Props) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const report = () => {
    const sel = window.getSelection();
    const el = box.current;
    if (!onSelect || !sel || sel.rangeCount === 0 || sel.isCollapsed || !el) return;
    const r = sel.getRangeAt(0);
    if (!el.contains(r.startContainer) || !el.contains(r.endContainer)) return;
    onSelect(offsetIn(el, r.startContainer, r.startOffset), offsetIn(el, r.endContainer, r.endOffset));
  };
  return (
    <Box ref={box} onMouseUp={report} onKeyUp={report} data-testid={testId} data-selectable={onSelect ? 'true' : undefined}
      style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', lineHeight: 1.9, fontSize: 'var(--mantine-font-size-sm)', cursor: onSelect ? 'text' : undefined }}>
      {segmentText(text, marks).map((s) => {
        const top = s.marks[0];
        if (!top) return <span key={s.start}>{s.text}</span>;
        const c = KIND_COLORS[top.kind];
        const style = top.state === 'rejected'
          ? { background: 'transparent', outline: `1px dashed ${c.line}`, color: 'var(--mantine-color-dimmed)' }
          : top.state === 'added'
            ? { background: c.bg, borderBottom: `3px double ${c.line}` }
            : { background: c.bg, borderBottom: `2px solid ${c.line}` };
        const state = t(top.state === 'rejected' ? 'sharing.review.rejected' : top.state === 'added' ? 'sharing.review.added' : 'sharing.review.accept');
        return (
          <mark key={s.start} data-testid="redaction-mark" data-kind={top.kind} data-state={top.state} title={`${t(`sharing.kind.${top.kind}`)} · ${state}`}
            style={{ ...style, color: style.color ?? 'inherit', borderRadius: 2, padding: '1px 0' }}>
            {s.text}
          </mark>
        );
      })}
    </Box>
  );
}
