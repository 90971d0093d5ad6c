/**
 * Periodic jobs in the server process: flow-alert escalation, self-inspection reminders,
 * overdue incident reports. Every job is idempotent (it marks what it did in the same
 * transaction as its notices), so restarts and several server processes are safe. A failing
 * pass is logged and retried on the next tick; a pass never overlaps the previous one; the
 * timer never keeps the process alive.
 */
import type { Deps } from './deps.ts';

export interface PeriodicJob<T> {
  name: string;
  intervalMs: number;
  run: (deps: Deps) => Promise<T>;
  /** What a failed pass yields. */
  empty: T;
  /** How many things the pass did (logged when not 0). */
  count: (result: T) => number;
}

export class PeriodicRunner<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;
  passes = 0;
  done = 0;
  errors = 0;

  constructor(
    private readonly deps: Deps,
    readonly job: PeriodicJob<T>,
    private readonly intervalMs = job.intervalMs,
  ) {}

  /** One pass; resolves with the job's result, never rejects. */
  runOnce(): Promise<T> {
    const pass = this.job.run(this.deps).then(
      (result) => {
        this.passes++;
        const n = this.job.count(result);
        this.done += n;
        if (n) this.deps.log.info({ job: this.job.name, count: n }, 'periodic job did work');
        return result;
      },
      (err: unknown) => {
        this.errors++;
        this.deps.log.error({ err, job: this.job.name }, 'periodic job failed');
        return this.job.empty;
      },
    );
    this.running = pass;
    void pass.finally(() => {
      if (this.running === pass) this.running = undefined;
    });
    return pass;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running) void this.runOnce();
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
