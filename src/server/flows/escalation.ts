/**
 * Runs the flow-alert escalation (alerts not acknowledged by their deadline go to the
 * institution's backup contacts) every `intervalMs` in the server process. escalateOverdue is
 * idempotent (an alert escalates once, marked in the same transaction as its notices), so
 * restarts and several server processes are safe. A failing pass is logged and retried on the
 * next tick; the timer never keeps the process alive.
 */
import type { Deps } from '../platform/deps.ts';
import { escalateOverdue } from '../modules/flows/service.ts';

export const ESCALATION_INTERVAL_MS = 60_000;

export class EscalationRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<string[]> | undefined;
  passes = 0;
  escalated = 0;
  errors = 0;

  constructor(
    private readonly deps: Deps,
    private readonly intervalMs = ESCALATION_INTERVAL_MS,
  ) {}

  /** One pass; resolves with the ids escalated, never rejects. */
  runOnce(): Promise<string[]> {
    const pass = escalateOverdue(this.deps).then(
      ({ escalated }) => {
        this.passes++;
        this.escalated += escalated.length;
        if (escalated.length) this.deps.log.info({ escalated }, 'flow alerts escalated');
        return escalated;
      },
      (err: unknown) => {
        this.errors++;
        this.deps.log.error({ err }, 'flow alert escalation pass failed');
        return [];
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
