import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import type { SecretBox } from './secret-box.ts';

/** What services need from the process. Passed as a plain argument: no container. */
export interface Deps {
  readonly db: Db;
  readonly config: Config;
  readonly log: Logger;
  /** The clock, injectable so that expiry and lockout rules are testable. */
  readonly now: () => Date;
  /** Seals secrets that must be read back (TOTP seeds, webhook keys). */
  readonly box: SecretBox;
}
