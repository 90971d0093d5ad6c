/**
 * A parsed regulation as an indented plain-text outline, for `renkei catalog parse` without
 * --json and for eyeballing a parse: citation, heading, and the start of the clause's text.
 */
import type { Clause, ParsedRegulation } from './types.ts';

const PREVIEW = 40;

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW ? `${flat.slice(0, PREVIEW)}…` : flat;
}

export function formatOutline(parsed: ParsedRegulation): string {
  const out: string[] = [`${parsed.title ?? '(題名なし / untitled)'}  [${parsed.form}]`];
  const walk = (clauses: readonly Clause[], depth: number) => {
    for (const c of clauses) {
      const parts = [c.citation || c.label || c.kind];
      if (c.heading) parts.push(`（${c.heading}）`);
      const text = preview(c.text);
      if (text) parts.push(text);
      out.push(`${'  '.repeat(depth)}${parts.join(' ')}`);
      walk(c.children, depth + 1);
    }
  };
  walk(parsed.clauses, 0);
  if (parsed.unplaced.length) {
    out.push('', `配置できなかった行 / unplaced lines: ${parsed.unplaced.length}`);
    for (const u of parsed.unplaced) out.push(`  ${u.line}: ${preview(u.text)}  — ${u.reason}`);
  }
  return `${out.join('\n')}\n`;
}
