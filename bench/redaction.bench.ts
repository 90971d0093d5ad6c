/**
 * Redaction figures on the labelled reports in bench/redaction/ (fictional, written for
 * Renkei): recall per kind with every missed identifier listed, person-name recall, the share
 * of must-keep strings kept, precision with the false positives listed, and throughput on one
 * core (reports/s and MB/s of UTF-8 text, the kuromoji dictionary built once beforehand).
 * Run: `npm run bench -- redaction` (repetitions for throughput with BENCH_REDACTION_REPEAT).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { proposeRedactions } from '../src/core/redaction/index.ts';
import { loadJapaneseTokenizer } from '../src/server/platform/japanese-tokenizer.ts';
import { STRUCTURED_KINDS, loadLabelledReports, recall, score } from './redaction-score.ts';

const REPEAT = Number(process.env.BENCH_REDACTION_REPEAT ?? 20);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

const reports = loadLabelledReports();
const t0 = performance.now();
const tokenizer = await loadJapaneseTokenizer();
const buildMs = performance.now() - t0;

const s = score(reports, tokenizer);
const languages = new Map<string, number>();
const categories = new Map<string, number>();
for (const r of reports) {
  languages.set(r.language, (languages.get(r.language) ?? 0) + 1);
  categories.set(r.category, (categories.get(r.category) ?? 0) + 1);
}
console.log(`reports: ${reports.length} (${[...languages].map(([k, v]) => `${k} ${v}`).join(', ')}); categories: ${[...categories].map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log('recall per kind (labelled occurrences fully covered):');
let structured = { labelled: 0, found: 0 };
for (const [kind, x] of Object.entries(s.byKind)) {
  if (!x.labelled) continue;
  console.log(`  ${kind.padEnd(12)} ${String(x.found).padStart(4)} / ${String(x.labelled).padEnd(4)} ${pct(recall(x))}`);
  if (STRUCTURED_KINDS.includes(kind as never)) structured = { labelled: structured.labelled + x.labelled, found: structured.found + x.found };
}
const all = Object.values(s.byKind).reduce((a, x) => ({ labelled: a.labelled + x.labelled, found: a.found + x.found }), { labelled: 0, found: 0 });
console.log(`  ${'all'.padEnd(12)} ${String(all.found).padStart(4)} / ${String(all.labelled).padEnd(4)} ${pct(recall(all))}`);
console.log(`structured identifiers (${STRUCTURED_KINDS.join(', ')}): ${structured.found} / ${structured.labelled}, missed:`);
for (const m of s.missed.filter((x) => STRUCTURED_KINDS.includes(x.kind))) console.log(`  ${m.report}: ${m.kind} ${JSON.stringify(m.text)}`);
console.log(`person names: ${pct(recall(s.byKind.person))} (aim >= 95 %), missed:`);
for (const m of s.missed.filter((x) => x.kind === 'person')) console.log(`  ${m.report}: ${JSON.stringify(m.text)}`);
for (const m of s.missed.filter((x) => x.kind !== 'person' && !STRUCTURED_KINDS.includes(x.kind))) console.log(`missed ${m.kind}: ${m.report}: ${JSON.stringify(m.text)}`);
console.log(`must-keep strings kept: ${s.keep.kept} / ${s.keep.total} = ${pct(s.keep.kept / s.keep.total)}`);
for (const b of s.brokenKeeps) console.log(`  ${b.report}: ${JSON.stringify(b.text)} touched by ${JSON.stringify(b.span)}`);
console.log(`precision (proposals overlapping a labelled string): ${s.proposals.correct} / ${s.proposals.total} = ${pct(s.proposals.correct / s.proposals.total)}`);
for (const f of s.falsePositives) console.log(`  ${f.report}: ${f.kind} ${JSON.stringify(f.text)}`);

// Reports written after the rules were settled, on their own (a check against fitting the rules to the set):
// `heldout` was written after the first rules and then used to fix them; `blind` was written last and not used at all.
for (const set of [...new Set(reports.map((r) => r.set))].filter((x) => x !== 'development')) {
  const heldout = reports.filter((r) => r.set === set);
  const h = score(heldout, tokenizer);
  const hs = STRUCTURED_KINDS.reduce((a, k) => ({ labelled: a.labelled + h.byKind[k].labelled, found: a.found + h.byKind[k].found }), { labelled: 0, found: 0 });
  const ha = Object.values(h.byKind).reduce((a, x) => ({ labelled: a.labelled + x.labelled, found: a.found + x.found }), { labelled: 0, found: 0 });
  console.log(
    `${set} reports (${heldout.length}): recall ${pct(recall(ha))}, structured ${hs.found} / ${hs.labelled}, person names ${pct(recall(h.byKind.person))}, kept ${h.keep.kept} / ${h.keep.total}, precision ${pct(h.proposals.correct / h.proposals.total)}`,
  );
}

// Throughput: every report REPEAT times, profiles compiled once (as a server would keep them).
const bytes = reports.reduce((a, r) => a + Buffer.byteLength(r.text), 0) * REPEAT;
const t1 = performance.now();
for (let i = 0; i < REPEAT; i++) for (const r of reports) proposeRedactions(r.text, r.profile, { tokenizer, ...(r.directory ? { directory: r.directory } : {}) });
const sec = (performance.now() - t1) / 1000;
console.log(`throughput: ${(reports.length * REPEAT / sec).toFixed(0)} reports/s, ${(bytes / 1048576 / sec).toFixed(2)} MB/s (${reports.length * REPEAT} reports, ${(bytes / 1024).toFixed(0)} KB, ${sec.toFixed(2)} s); kuromoji dictionary built in ${buildMs.toFixed(0)} ms`);

// One long text (all reports joined, about 1 MB): the engine is linear in the input.
const long = reports.map((r) => r.text).join('\n').repeat(Math.max(1, Math.ceil(1048576 / Buffer.byteLength(reports.map((r) => r.text).join('\n')))));
const t2 = performance.now();
const longSpans = proposeRedactions(long, reports[0]!.profile, { tokenizer }).length;
const sec2 = (performance.now() - t2) / 1000;
console.log(`one long text: ${(Buffer.byteLength(long) / 1048576).toFixed(2)} MB in ${sec2.toFixed(2)} s = ${(Buffer.byteLength(long) / 1048576 / sec2).toFixed(2)} MB/s (${longSpans} proposals)`);

// Ordinary text with no personal data (the seed documents in ../shared: papers, a regulation, a standard, slides),
// under a profile of an institution they do not mention: every proposal there is a false positive.
const seeds = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/seeds');
if (!fs.existsSync(seeds)) {
  console.log('ordinary text: skipped (../shared/seeds is absent)');
} else {
  const none = { name: '架空大学', aliases: [], domains: ['kakuu-u.example'], prefixes: ['192.0.2.0/24'] };
  let kb = 0;
  let n = 0;
  for (const file of fs.readdirSync(seeds).filter((f) => f.endsWith('.txt')).sort()) {
    const text = fs.readFileSync(path.join(seeds, file), 'utf8');
    const spans = proposeRedactions(text, none, { tokenizer });
    kb += Buffer.byteLength(text) / 1024;
    n += spans.length;
    const distinct = [...new Set(spans.map((x) => `${x.kind} ${JSON.stringify(x.text)}`))];
    console.log(`ordinary text ${file}: ${spans.length} proposals${distinct.length ? `: ${distinct.slice(0, 8).join(', ')}` : ''}`);
  }
  console.log(`ordinary text: ${n} proposals in ${kb.toFixed(0)} KB`);
}
