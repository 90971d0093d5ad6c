import { build } from 'vite';
import { e2eWebDir } from './web-dir.ts';

/**
 * Builds the SPA into dist/web once per run, so the browser tests exercise what `npm start`
 * serves. Set RENKEI_E2E_SKIP_BUILD=1 to reuse an existing build while iterating, and
 * RENKEI_E2E_WEB_DIR to build elsewhere (two engineers running browser tests side by side).
 */
export default async function setup(): Promise<void> {
  if (process.env.RENKEI_E2E_SKIP_BUILD === '1') return;
  await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: e2eWebDir(), emptyOutDir: true } });
}
