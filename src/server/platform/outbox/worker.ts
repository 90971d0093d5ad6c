import nodemailer from 'nodemailer';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from '../../../core/backoff.ts';
import { signWebhook } from '../../../core/webhook-signature.ts';
import type { Deps } from '../deps.ts';
import * as repo from './repo.ts';
import type { EmailMessage, WebhookMessage } from './service.ts';

// Longer than any single delivery may take (SMTP socket timeout 30 s, webhook 10 s), so a lease never expires mid-send.
const LEASE_MS = 2 * 60_000;
const WEBHOOK_TIMEOUT_MS = 10_000;

export interface DeliveryReport {
  sent: number;
  failed: number;
  dead: number;
}

/**
 * Delivers outbox messages. Safe to run in several processes and to restart at any moment:
 * a message is claimed with a lease before sending and marked sent after, so a crash before
 * delivery leads to delivery after restart, and a live worker's claim keeps others off it.
 * E-mails carry a Message-ID derived from the outbox id so that receivers can drop a
 * duplicate in the rare case of a crash between the SMTP server's acceptance and the mark.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<DeliveryReport> | undefined;
  private readonly mailer;

  constructor(private readonly deps: Deps) {
    const smtp = deps.config.smtp;
    this.mailer = smtp
      ? nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: smtp.secure, ...(smtp.auth ? { auth: smtp.auth } : {}), connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
      : undefined;
  }

  /** Channels this process can deliver; e-mail waits in the outbox until SMTP is configured. */
  private channels(): repo.OutboxRow['channel'][] {
    return this.mailer ? ['email', 'webhook'] : ['webhook'];
  }

  async runOnce(batch = 50): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, failed: 0, dead: 0 };
    const now = this.deps.now();
    const due = await repo.dueMessages(this.deps.db, now.toISOString(), this.channels(), batch);
    for (const msg of due) {
      const claimedAt = this.deps.now();
      if (!(await repo.claim(this.deps.db, msg.id, msg.attempts, claimedAt.toISOString(), new Date(claimedAt.getTime() + LEASE_MS).toISOString()))) continue;
      try {
        await this.deliver(msg);
        await repo.markSent(this.deps.db, msg.id, this.deps.now().toISOString());
        report.sent++;
      } catch (err) {
        const attempts = msg.attempts + 1;
        const dead = attempts >= MAX_DELIVERY_ATTEMPTS;
        await repo.markFailed(this.deps.db, msg.id, {
          attempts,
          status: dead ? 'dead' : 'pending',
          next_attempt_at: new Date(this.deps.now().getTime() + retryDelayMs(attempts)).toISOString(),
          last_error: String(err instanceof Error ? err.message : err).slice(0, 1000),
        });
        this.deps.log.warn({ outboxId: msg.id, channel: msg.channel, attempts, dead, err }, 'delivery failed');
        if (dead) report.dead++;
        else report.failed++;
      }
    }
    return report;
  }

  private async deliver(msg: repo.OutboxRow): Promise<void> {
    if (msg.channel === 'email') return this.sendEmail(msg.id, JSON.parse(msg.payload) as EmailMessage);
    return this.sendWebhook(msg.id, JSON.parse(msg.payload) as WebhookMessage);
  }

  private async sendEmail(id: string, m: EmailMessage): Promise<void> {
    if (!this.mailer || !this.deps.config.smtp) throw new Error('SMTP is not configured');
    await this.mailer.sendMail({
      from: this.deps.config.smtp.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
      messageId: `<${id}@renkei.outbox>`,
      headers: { 'X-Renkei-Outbox-Id': id },
    });
  }

  private async sendWebhook(id: string, m: WebhookMessage): Promise<void> {
    const hook = await repo.webhookById(this.deps.db, m.webhookId);
    if (!hook || hook.disabled_at) return; // removed since: nothing to deliver
    const body = JSON.stringify({ id, event: m.event, data: m.data });
    const timestamp = Math.floor(this.deps.now().getTime() / 1000);
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-renkei-event': m.event,
        'x-renkei-delivery': id,
        'x-renkei-timestamp': String(timestamp),
        'x-renkei-signature': signWebhook(this.deps.box.open(hook.secret), timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      redirect: 'error',
    });
    if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
  }

  start(): void {
    const tick = () => {
      this.running = this.runOnce().catch((err: unknown) => {
        this.deps.log.error({ err }, 'outbox worker pass failed');
        return { sent: 0, failed: 0, dead: 0 };
      });
      void this.running.finally(() => {
        if (this.timer !== undefined) this.timer = setTimeout(tick, this.deps.config.outboxPollMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops polling and waits for the pass in flight, so shutdown never cuts a delivery half-way. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    this.mailer?.close();
  }
}
