import type { Actor } from '../../../core/access.ts';
import type { Trx } from '../../db/index.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { newId } from '../secrets.ts';
import * as repo from './repo.ts';

/**
 * Notifications go through the outbox: rows written in the same transaction as the change
 * that causes them, delivered later by the worker with retries. A rollback sends nothing.
 */
export interface EventType {
  type: string;
  labelJa: string;
  labelEn: string;
  /** Security notices a user may not switch off. */
  mandatory?: boolean;
}

const eventTypes = new Map<string, EventType>();

/** Each module declares the notifications it sends, so users can choose which they receive by e-mail. */
export function registerEventTypes(...types: EventType[]): void {
  for (const t of types) eventTypes.set(t.type, t);
}

registerEventTypes(
  { type: 'account.invitation', labelJa: '招待メール', labelEn: 'Invitation e-mail', mandatory: true },
  { type: 'account.security', labelJa: 'アカウントのセキュリティ通知（多要素認証・役割・利用停止）', labelEn: 'Account security notices (MFA, roles, deactivation)', mandatory: true },
  { type: 'platform.digest', labelJa: 'コンソーシアムからのお知らせ', labelEn: 'Consortium announcements' },
);

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface WebhookMessage {
  webhookId: string;
  event: string;
  data: unknown;
}

function row(channel: repo.OutboxRow['channel'], eventType: string, payload: unknown, now: Date): repo.OutboxRow {
  const at = now.toISOString();
  return {
    id: newId(),
    channel,
    event_type: eventType,
    payload: JSON.stringify(payload),
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    lease_until: null,
    last_error: null,
    created_at: at,
    sent_at: null,
  };
}

/** An e-mail to an address (for example an invitee who has no account yet). */
export async function enqueueEmail(trx: Trx, eventType: string, message: EmailMessage, now = new Date()): Promise<string> {
  const r = row('email', eventType, message, now);
  await repo.insertMessages(trx, [r]);
  return r.id;
}

/** E-mails to users who have not switched this event off; the text is rendered in each user's language. */
export async function notifyUsers(
  trx: Trx,
  eventType: string,
  userIds: string[],
  render: (locale: 'ja' | 'en') => { subject: string; text: string },
  now = new Date(),
): Promise<number> {
  if (!userIds.length) return 0;
  const type = eventTypes.get(eventType);
  if (!type) throw new Error(`Unregistered notification event type: ${eventType}`);
  const optedOut = new Set(type.mandatory ? [] : (await repo.emailPrefs(trx, userIds, eventType)).filter((p) => !p.email).map((p) => p.user_id));
  const users = (await repo.recipients(trx, userIds)).filter((u) => !optedOut.has(u.id));
  await repo.insertMessages(trx, users.map((u) => row('email', eventType, { to: u.email, ...render(u.locale) }, now)));
  return users.length;
}

/** Signed webhook deliveries to every active endpoint of an institution that subscribed to the event. */
export async function enqueueWebhooks(trx: Trx, institutionId: string, event: string, data: unknown, now = new Date()): Promise<number> {
  const hooks = (await repo.activeWebhooks(trx, institutionId)).filter((h) => {
    const types = JSON.parse(h.event_types) as string[];
    return types.includes('*') || types.includes(event);
  });
  await repo.insertMessages(trx, hooks.map((h) => row('webhook', event, { webhookId: h.id, event, data } satisfies WebhookMessage, now)));
  return hooks.length;
}

export async function myPreferences(deps: Deps, actor: Actor) {
  if (!actor.userId) throw new AppError('forbidden', 'ユーザーとしてサインインしてください');
  const saved = new Map((await repo.prefsOf(deps.db, actor.userId)).map((p) => [p.event_type, !!p.email]));
  return [...eventTypes.values()].map((t) => ({
    eventType: t.type,
    label: t.labelJa,
    labelEn: t.labelEn,
    mandatory: !!t.mandatory,
    email: t.mandatory ? true : (saved.get(t.type) ?? true),
  }));
}

export async function setMyPreferences(deps: Deps, actor: Actor, items: { eventType: string; email: boolean }[]): Promise<void> {
  if (!actor.userId) throw new AppError('forbidden', 'ユーザーとしてサインインしてください');
  const unknown = items.filter((i) => !eventTypes.has(i.eventType));
  if (unknown.length) {
    throw new AppError('validation', '不明な通知の種類があります', unknown.map((i) => ({ path: `items.${i.eventType}`, message: 'unknown event type' })));
  }
  const now = deps.now().toISOString();
  const userId = actor.userId;
  await deps.db.transaction().execute(async (trx) => {
    for (const item of items) {
      if (eventTypes.get(item.eventType)?.mandatory) continue;
      await repo.putPref(trx, userId, item.eventType, item.email, now);
    }
  });
}
