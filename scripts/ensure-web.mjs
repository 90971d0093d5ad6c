#!/usr/bin/env node
// Builds the web UI when dist/web is missing or older than its sources, so `npm start` just works.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const built = path.join(root, 'dist/web/index.html');

function newest(dir) {
  let max = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return max;
}

const sources = Math.max(newest(path.join(root, 'src/web')), newest(path.join(root, 'src/common')), fs.statSync(path.join(root, 'vite.config.ts')).mtimeMs);
if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) process.exit(0);
console.error('Building the web UI (vite build)…');
const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
