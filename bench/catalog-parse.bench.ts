/**
 * Regulation parser figures: decode + parse of the two seed regulations (the 92 KB article-form
 * university regulation and the 131 KB outline-form standard), N times each after a warm-up,
 * and the throughput in KB/s. Run: `npm run bench -- catalog-parse` (N with BENCH_PARSE_N).
 * The seeds live in ../shared/seeds; without them the benchmark says so and does nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { decodeRegulationBytes, parseRegulation } from '../src/core/regulation/parse.ts';
import { walkClauses } from '../src/core/regulation/types.ts';

const N = Number(process.env.BENCH_PARSE_N ?? 200);
const seeds = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/seeds');
const files = ['002_b6339e252ba34cbc.txt', '003_2f9e87e3674c5d34.txt'].map((f) => path.join(seeds, f));

if (!files.every((f) => fs.existsSync(f))) {
  console.log(`skipped: the seed regulations are not in ${seeds}`);
} else {
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    const text = decodeRegulationBytes(bytes).text;
    for (let i = 0; i < 20; i++) parseRegulation(text); // warm-up: JIT and regex caches

    const t0 = performance.now();
    for (let i = 0; i < N; i++) decodeRegulationBytes(bytes);
    const decodeMs = (performance.now() - t0) / N;

    const t1 = performance.now();
    let parsed = parseRegulation(text);
    for (let i = 1; i < N; i++) parsed = parseRegulation(text);
    const parseMs = (performance.now() - t1) / N;

    const clauses = [...walkClauses(parsed.clauses)].length;
    const kb = bytes.length / 1024;
    console.log(
      `${path.basename(file)}  ${kb.toFixed(0)} KB, ${parsed.form} form, ${clauses} clauses, ${parsed.unplaced.length} unplaced  ` +
        `decode ${decodeMs.toFixed(3)} ms  parse ${parseMs.toFixed(3)} ms/parse (${(kb / (parseMs / 1000) / 1024).toFixed(1)} MB/s, n=${N})`,
    );
  }
}
