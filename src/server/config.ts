import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads the environment. Everything else receives a `Config`.
 * Invalid configuration stops the process at start with a message naming the variable.
 */
const boolFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  RENKEI_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres://, postgresql:// or sqlite:')
    .optional(),
  RENKEI_DEMO: boolFlag.default(true),
  RENKEI_BASE_URL: z.url().optional(),
  RENKEI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RENKEI_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  RENKEI_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  RENKEI_TRUST_PROXY: boolFlag.default(false),
  RENKEI_SECURE_COOKIES: boolFlag.optional(),
  RENKEI_OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  RENKEI_COLLECTOR_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  RENKEI_COLLECTOR_HOST: z.string().min(1).default('127.0.0.1'),
  RENKEI_SECRET_KEY: z
    .string()
    .transform((v) => Buffer.from(v, /^[0-9a-f]{64}$/i.test(v) ? 'hex' : 'base64'))
    .refine((b) => b.length === 32, 'must be 32 bytes, as 64 hex digits or base64')
    .optional(),
  RENKEI_UPLOAD_MAX_MB: z.coerce.number().min(0.01).max(1024).default(20),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(25),
  SMTP_SECURE: boolFlag.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().min(3).default('Renkei <no-reply@renkei.invalid>'),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly database: { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };
  readonly demo: boolean;
  readonly baseUrl: string;
  readonly logLevel: string;
  readonly session: { readonly idleMinutes: number; readonly maxHours: number };
  readonly trustProxy: boolean;
  readonly secureCookies: boolean;
  readonly outboxPollMs: number;
  /** The NetFlow/IPFIX collector of the live flow pipeline; undefined: none (RENKEI_COLLECTOR_PORT unset). */
  readonly collector: { readonly host: string; readonly port: number } | undefined;
  /** Largest uploaded file accepted, in bytes; larger uploads are cut off while streaming. */
  readonly uploadMaxBytes: number;
  /** Key that seals stored secrets; absent: a key file in the data directory. */
  readonly secretKey: Buffer | undefined;
  readonly smtp:
    | {
        readonly host: string;
        readonly port: number;
        readonly secure: boolean;
        readonly auth?: { readonly user: string; readonly pass: string };
        readonly from: string;
      }
    | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset", as they do in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.RENKEI_DATA_DIR);
  const baseUrl = (e.RENKEI_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  let database: Config['database'];
  if (!e.DATABASE_URL) database = { kind: 'sqlite', file: path.join(dataDir, 'renkei.sqlite') };
  else if (e.DATABASE_URL.startsWith('sqlite:')) {
    const file = e.DATABASE_URL.slice('sqlite:'.length).replace(/^\/\//, '');
    database = { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  } else database = { kind: 'postgres', url: e.DATABASE_URL };
  if (e.SMTP_USER && !e.SMTP_PASSWORD) throw new ConfigError('Invalid configuration:\n  SMTP_PASSWORD: required when SMTP_USER is set');
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    demo: e.RENKEI_DEMO,
    baseUrl,
    logLevel: e.RENKEI_LOG_LEVEL,
    session: { idleMinutes: e.RENKEI_SESSION_IDLE_MINUTES, maxHours: e.RENKEI_SESSION_MAX_HOURS },
    trustProxy: e.RENKEI_TRUST_PROXY,
    secureCookies: e.RENKEI_SECURE_COOKIES ?? baseUrl.startsWith('https://'),
    outboxPollMs: e.RENKEI_OUTBOX_POLL_MS,
    collector: e.RENKEI_COLLECTOR_PORT === undefined ? undefined : { host: e.RENKEI_COLLECTOR_HOST, port: e.RENKEI_COLLECTOR_PORT },
    uploadMaxBytes: Math.round(e.RENKEI_UPLOAD_MAX_MB * 1024 * 1024),
    secretKey: e.RENKEI_SECRET_KEY,
    smtp: e.SMTP_HOST
      ? {
          host: e.SMTP_HOST,
          port: e.SMTP_PORT,
          secure: e.SMTP_SECURE,
          ...(e.SMTP_USER ? { auth: { user: e.SMTP_USER, pass: e.SMTP_PASSWORD ?? '' } } : {}),
          from: e.SMTP_FROM,
        }
      : undefined,
  });
}
