import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { type Db, createDb, migrateToLatest } from './db/index.ts';
import { seedDemo } from './demo/seed.ts';
import { escalationJob } from './flows/escalation.ts';
import { FlowPipeline, registerPipeline } from './flows/pipeline.ts';
import { sendReminders } from './modules/assessments/reminders.ts';
import { notifyOverdue } from './modules/incidents/deadlines.ts';
import type { Deps } from './platform/deps.ts';
import { OutboxWorker } from './platform/outbox/worker.ts';
import { type PeriodicJob, PeriodicRunner } from './platform/periodic.ts';
import { loadSecretBox } from './platform/secret-box.ts';

export const DEFAULT_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export interface RunningServer {
  app: FastifyInstance;
  deps: Deps;
  worker: OutboxWorker;
  /** Periodic jobs started with the outbox worker: flow-alert escalation, self-inspection and evidence-request reminders, overdue incident reports. */
  jobs: PeriodicRunner<unknown>[];
  /** Collector → matcher → flow alerts; null when RENKEI_COLLECTOR_PORT is unset. */
  pipeline: FlowPipeline | null;
  url: string;
  /** Stops taking requests and flows (the last batch is matched and stored), lets the outbox pass in flight finish, closes the database. */
  close(): Promise<void>;
}

const HOUR = 3600_000;

/** What the server runs on timers besides the outbox (each job is idempotent; cron can run the same through the CLI). */
export const PERIODIC_JOBS: PeriodicJob<unknown>[] = [
  escalationJob as PeriodicJob<unknown>,
  { name: 'assessments.reminders', intervalMs: HOUR, run: sendReminders, empty: { campaigns: [], requests: [] }, count: (r) => { const run = r as Awaited<ReturnType<typeof sendReminders>>; return run.campaigns.length + run.requests.length; } },
  { name: 'incidents.overdue', intervalMs: HOUR, run: notifyOverdue, empty: { notified: [] }, count: (r) => (r as Awaited<ReturnType<typeof notifyOverdue>>).notified.length },
];

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'] });
}

export async function openDatabase(config: Config, log: Logger): Promise<Db> {
  const db = createDb(config.database);
  const applied = await migrateToLatest(db);
  if (applied.length) log.info({ migrations: applied }, 'database migrated');
  return db;
}

/** config -> database -> app -> listen. Used by `renkei serve` and by the browser tests. */
export async function startServer(config: Config, options: { log?: Logger; webDir?: string; worker?: boolean; pipeline?: { checkMs?: number } } = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config);
  const db = await openDatabase(config, log);
  const deps: Deps = { db, config, log, now: () => new Date(), box: loadSecretBox(config.secretKey, config.dataDir) };
  if (config.demo) {
    const seeded = await seedDemo(deps);
    if (seeded) log.info('demo consortium created');
  }
  const app = await buildApp(deps, { webDir: options.webDir ?? DEFAULT_WEB_DIR });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const worker = new OutboxWorker(deps);
  const jobs = PERIODIC_JOBS.map((job) => new PeriodicRunner(deps, job));
  if (options.worker !== false) {
    worker.start();
    for (const j of jobs) j.start();
  }
  let pipeline: FlowPipeline | null = null;
  if (config.collector) {
    pipeline = new FlowPipeline(deps, { collector: { host: config.collector.host, port: config.collector.port, worker: true }, ...options.pipeline });
    try {
      const collectorPort = await pipeline.start();
      registerPipeline(deps, pipeline);
      log.info({ host: config.collector.host, port: collectorPort }, 'flow collector listening');
    } catch (err) {
      await app.close();
      await Promise.all(jobs.map((j) => j.stop()));
      await worker.stop();
      await db.destroy();
      throw err;
    }
  }
  let closing: Promise<void> | undefined;
  return {
    app,
    deps,
    worker,
    jobs,
    pipeline,
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        if (pipeline) {
          const stats = await pipeline.stop();
          registerPipeline(deps, null);
          log.info({ flows: stats.flows, sightings: stats.sightings, ingested: stats.ingested, errors: stats.errors }, 'flow pipeline stopped');
        }
        await Promise.all(jobs.map((j) => j.stop()));
        await worker.stop();
        await db.destroy();
      })()),
  };
}
