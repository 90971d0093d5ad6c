import pino from 'pino';
import { type Config, ConfigError, loadConfig } from '../server/config.ts';
import { createDb } from '../server/db/index.ts';
import { openDatabase } from '../server/main.ts';
import type { Deps } from '../server/platform/deps.ts';
import { AppError } from '../server/platform/errors.ts';
import { loadSecretBox } from '../server/platform/secret-box.ts';

/** Runs a command with configured dependencies and always closes the database. */
export async function withDeps<T>(fn: (deps: Deps) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const config: Config = loadConfig();
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2));
  const db = options.migrate === false ? createDb(config.database) : await openDatabase(config, log);
  try {
    return await fn({ db, config, log, now: () => new Date(), box: loadSecretBox(config.secretKey, config.dataDir) });
  } finally {
    await db.destroy();
  }
}

/** Errors go to stderr with a non-zero exit code: 2 for bad input or configuration, 1 otherwise. */
export function reportAndExit(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  if (err instanceof AppError) {
    process.stderr.write(`error: ${err.message}\n${err.fields.map((f) => `  ${f.path}: ${f.message}\n`).join('')}`);
    process.exit(2);
  }
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
