import path from 'node:path';

/** Where the SPA under test is built: dist/web, or RENKEI_E2E_WEB_DIR so parallel runs do not share a build. */
export function e2eWebDir(): string {
  return path.resolve(process.env.RENKEI_E2E_WEB_DIR ?? 'dist/web');
}
