/** `npm run bench [-- name…]` runs every bench/*.bench.ts (or those named) one after another. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (!wanted.length || wanted.some((w) => f.startsWith(w))));
for (const file of benches) {
  console.log(`# ${file}`);
  await import(pathToFileURL(path.join(dir, file)).href);
}
