import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';

/** What services need from the process. Passed as a plain argument: no container. */
export interface Deps {
  readonly db: Db;
  readonly config: Config;
  readonly log: Logger;
  /** The clock, injectable so that expiry and lockout rules are testable. */
  readonly now: () => Date;
}
