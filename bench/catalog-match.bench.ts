/**
 * Clause mapping quality and speed on the two real regulations: the university's rules (seed
 * 002, article form, 89 articles) compared against the institute's standard (seed 003, outline
 * form, 47 numbered sections), scored against our hand-made labels (bench/catalog-labels.json).
 * Prints top-1/top-3/top-5 accuracy, gap-detection precision/recall of `uncovered` (with a
 * threshold sweep for calibration), the misses, and timings (median of 20 runs).
 * Run: `npm run bench -- catalog-match`. Seeds: ../shared/seeds, or RENKEI_SEEDS=dir.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { decodeRegulationBytes } from '../src/core/regulation/decode.ts';
import {
  type MappingLabels,
  UNCOVERED_THRESHOLD,
  buildIndex,
  compareDetailed,
  compareRegulations,
  evaluateComparison,
  thresholdSweep,
} from '../src/core/regulation/match.ts';
import { parseRegulation } from '../src/core/regulation/parse.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const seeds = process.env.RENKEI_SEEDS ?? path.resolve(here, '../../shared/seeds');
const SOURCE = path.join(seeds, '002_b6339e252ba34cbc.txt');
const TARGET = path.join(seeds, '003_2f9e87e3674c5d34.txt');
const RUNS = 20;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

function time(fn: () => unknown): number {
  for (let i = 0; i < 3; i++) fn(); // warm-up (JIT)
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

if (!fs.existsSync(SOURCE) || !fs.existsSync(TARGET)) {
  console.log(`skipped: seed regulations not found in ${seeds} (set RENKEI_SEEDS to the seeds directory)`);
} else {
  const labels = JSON.parse(fs.readFileSync(path.join(here, 'catalog-labels.json'), 'utf8')) as MappingLabels;
  const sourceBytes = fs.readFileSync(SOURCE);
  const targetBytes = fs.readFileSync(TARGET);
  const source = parseRegulation(decodeRegulationBytes(sourceBytes).text);
  const target = parseRegulation(decodeRegulationBytes(targetBytes).text);

  const detailed = compareDetailed(source, target, { top: 5 });
  const ev = evaluateComparison(detailed, labels);
  console.log(
    `source ${detailed.sourceUnits.length} units (${source.form}), target ${detailed.targetUnits.length} units (${target.form}); ` +
      `labelled ${ev.labelled}, labelled [] ${ev.unlabelled.length} (${ev.unlabelled.join(' ')})` +
      (ev.missing.length ? `, NO LABEL for ${ev.missing.join(' ')}` : ''),
  );
  console.log(`accuracy   top-1 ${pct(ev.top1)}  top-3 ${pct(ev.top3)}  top-5 ${pct(ev.top5)}`);
  for (const m of ev.misses) {
    console.log(`  miss@3 ${m.source} want ${m.want.join(',')} got ${m.got.map((c) => `${c.target} ${c.score.toFixed(2)} [${c.terms.slice(0, 3).join(' ')}]`).join(' | ')}`);
  }
  const g = ev.gaps;
  console.log(
    `gaps       threshold ${UNCOVERED_THRESHOLD}: uncovered ${g.predicted.length} (${g.predicted.join(' ')}), ` +
      `labelled gaps ${labels.gaps.length}; precision ${pct(g.precision)} recall ${pct(g.recall)} F1 ${g.f1.toFixed(2)}`,
  );
  const sweep = thresholdSweep(detailed.targetUnits, detailed.best, labels);
  const bestF1 = Math.max(...sweep.map((s) => s.f1));
  console.log(
    `  sweep (threshold P/R): ${sweep
      .filter((s) => s.threshold >= 0.1 && s.threshold <= 0.35)
      .map((s) => `${s.threshold.toFixed(3)} ${(s.precision * 100).toFixed(0)}/${(s.recall * 100).toFixed(0)}${s.f1 === bestF1 ? '*' : ''}`)
      .join('  ')}`,
  );
  const ordered = detailed.targetUnits
    .map((u, t) => ({ c: u.citation, b: detailed.best[t]! }))
    .sort((a, b) => a.b - b.b)
    .slice(0, 16);
  const gapSet = new Set(labels.gaps);
  console.log(`  least covered: ${ordered.map((o) => `${o.c}${gapSet.has(o.c) ? '(gap)' : ''} ${o.b.toFixed(2)}`).join('  ')}`);

  // Speed: parsing both documents, then the whole comparison (index the target, rank every source unit).
  const tParseSource = time(() => parseRegulation(decodeRegulationBytes(sourceBytes).text));
  const tParseTarget = time(() => parseRegulation(decodeRegulationBytes(targetBytes).text));
  const tIndex = time(() => buildIndex(target));
  const tCompare = time(() => compareRegulations(source, target, { top: 5 }));
  const tAll = time(() => {
    const s = parseRegulation(decodeRegulationBytes(sourceBytes).text);
    const t = parseRegulation(decodeRegulationBytes(targetBytes).text);
    return compareRegulations(s, t, { top: 5 });
  });
  const pairs = detailed.sourceUnits.length * detailed.targetUnits.length;
  console.log(
    `timing     median of ${RUNS}: parse 002 (${(sourceBytes.length / 1024).toFixed(0)} KB) ${tParseSource.toFixed(1)} ms, ` +
      `parse 003 (${(targetBytes.length / 1024).toFixed(0)} KB) ${tParseTarget.toFixed(1)} ms, index 003 ${tIndex.toFixed(1)} ms, ` +
      `compare ${tCompare.toFixed(1)} ms (${pairs} article×section pairs, ${((pairs / tCompare) * 1000).toFixed(0)} pairs/s), ` +
      `parse both + compare ${tAll.toFixed(1)} ms`,
  );
}
