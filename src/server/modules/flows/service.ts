/**
 * Flow alerts: sightings (a member's host seen with an indicator) grouped into alerts, given an
 * urgency, reviewed by the operator or sent at once when urgent, and answered by the member.
 *
 * Status: the operator's part is `review` → `received` (sent) | `dismissed` | `merged`; then the
 * institution's part is received → acknowledged → investigating → mitigated | not_affected → closed.
 * An alert in review, dismissed or merged is never shown to the institution.
 *
 * Grouping: new sightings extend the latest open alert of the same institution, internal host
 * and indicator within the grouping window (see core/alerts/grouping.ts), with one exception.
 * A dismissed alert keeps absorbing sightings (a false positive stays quiet for its window)
 * only as long as they do not raise its urgency: when a batch's sightings for that host and
 * indicator would give the dismissed alert a higher urgency than it had when it was dismissed
 * (low → normal, high → urgent …), they open a new alert instead, scored on the new traffic
 * alone, which then takes the normal path (urgent: sent at once; otherwise the review queue).
 * The new alert's "detected" event names the dismissed one, and the dismissed one records
 * that it was passed over, so a real compromise cannot hide behind an earlier false positive.
 * (A dismissed alert's urgency never rises, so its stored urgency is the one it was dismissed with.)
 *
 * Ingest refuses (400, nothing written) a sighting whose internal host does not lie in its
 * institution's registered prefixes, the most specific registered prefix of any member deciding
 * (intel service `memberAddressMap`, the same map the live pipeline matches with).
 */
import { type Actor, SYSTEM_ACTOR, can } from '../../../core/access.ts';
import { type AlertAggregate, DEFAULT_WINDOW_MS, type OpenAlert, type SightingRecord, alertKey, groupSightings } from '../../../core/alerts/grouping.ts';
import { type Urgency, type UrgencyReason, computeUrgency } from '../../../core/alerts/urgency.ts';
import { formatAddress, parseAddress } from '../../../core/intel/ip.ts';
import { lockForSequence } from '../../db/dialect.ts';
import type { Trx } from '../../db/index.ts';
import type { FlowAlertStatus } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueueWebhooks, notifyUsers, registerEventTypes } from '../../platform/outbox/service.ts';
import { activeRoleHolders } from '../../platform/people.ts';
import { newId } from '../../platform/secrets.ts';
import { memberAddressMap, memberOf } from '../intel/service.ts';
import * as repo from './repo.ts';

registerEventTypes(
  { type: 'flows.alert', labelJa: '通信監視アラート（所属機関のホストに関する通知）', labelEn: 'Flow alerts about your institution’s hosts', mandatory: true },
  { type: 'flows.escalation', labelJa: '通信監視アラートの確認期限超過（エスカレーション）', labelEn: 'Flow alerts not acknowledged in time (escalation)', mandatory: true },
);

/** Hours the institution has to acknowledge a sent alert, by urgency. */
export const ACK_DEADLINE_HOURS: Record<Urgency, number> = { urgent: 1, high: 4, normal: 24, low: 72 };
/** Roles that receive alerts, and the backup contacts that receive escalations. */
const ALERT_ROLES = ['csirt'];
const ESCALATION_ROLES = ['ciso', 'coordinator'];

const INSTITUTION_STATES = ['received', 'acknowledged', 'investigating', 'mitigated', 'not_affected', 'closed'] as const;
export type InstitutionState = (typeof INSTITUTION_STATES)[number];
const NEXT: Record<InstitutionState, InstitutionState[]> = {
  received: ['acknowledged'],
  acknowledged: ['investigating'],
  investigating: ['mitigated', 'not_affected'],
  mitigated: ['closed'],
  not_affected: ['closed'],
  closed: [],
};
const STATE_JA: Record<FlowAlertStatus, string> = {
  review: '確認待ち', dismissed: '却下', merged: '統合済み', received: '受信', acknowledged: '受領確認', investigating: '調査中',
  mitigated: '対処済み', not_affected: '影響なし', closed: '完了',
};
const URGENCY_JA: Record<Urgency, string> = { urgent: '緊急', high: '高', normal: '中', low: '低' };
const URGENCY_RANK: Record<Urgency, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
/** Largest batch one ingest call takes (the collector sends more in several calls). */
export const MAX_SIGHTINGS_PER_BATCH = 10_000;
/** How far in the future a sighting may lie (exporter clocks drift); anything later is refused. */
const FUTURE_TOLERANCE_MS = 3600_000;

/**
 * Every write to flow alerts takes this lock first (PostgreSQL; SQLite serialises writers
 * itself): two batches cannot both open an alert for the same host and indicator, and a write
 * never holds the audit chain's lock while waiting for an alert row another write holds.
 */
const FLOW_WRITE_LOCK = 0x464c4f57; // "FLOW"
const changedMeanwhile = () =>
  new AppError('conflict', 'このアラートは別の操作で同時に更新されました。最新の状態を確認してください / The alert was changed by another request; reload it');

export const denied = () => new AppError('forbidden', 'この操作を行う権限がありません / You do not have permission to do this');
/** Also for alerts that exist but are not the actor's to see: nothing is disclosed. */
const alertNotFound = (what: 'alert' | 'target' = 'alert') =>
  new AppError('not_found', what === 'alert' ? 'アラートが見つかりません / Alert not found' : '統合先のアラートが見つかりません / Target alert not found');

export interface SightingInput {
  institutionId: string;
  internalHost: string;
  /** The indicator side: an address for flows, the query name for DNS. */
  remoteAddress: string;
  /** A flow (default) or a DNS query for an indicator domain (imported DNS logs: no traffic, ports 0 → 53). */
  kind?: 'flow' | 'dns' | undefined;
  indicatorId: string;
  /** true: the internal host is the flow's source. */
  internalIsSource: boolean;
  proto: number;
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  bytes: number;
  packets: number;
  /** ISO-8601 instants of the flow. */
  start: string;
  end: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const addHours = (at: string, h: number) => new Date(Date.parse(at) + h * 3600_000).toISOString();

function toOpen(r: repo.AlertRow): OpenAlert & { row: repo.AlertRow } {
  return {
    id: r.id, institutionId: r.institution_id, internalHost: r.internal_host, indicatorId: r.indicator_id, firstSeen: Date.parse(r.first_seen), lastSeen: Date.parse(r.last_seen),
    sightings: r.sightings, bytes: Number(r.bytes), packets: Number(r.packets), ports: JSON.parse(r.ports) as number[], days: JSON.parse(r.days) as string[],
    outbound: !!r.outbound, established: !!r.established, row: r,
  };
}

function scoreOf(a: AlertAggregate, ind: { category: string | null; confidence: number | null }) {
  return computeUrgency({
    category: ind.category, confidence: ind.confidence, outbound: a.outbound, established: a.established, bytes: a.bytes, packets: a.packets, sightings: a.sightings, distinctDays: a.days.length,
  });
}

function aggregateColumns(a: AlertAggregate, u: { urgency: Urgency; score: number; reasons: UrgencyReason[] }) {
  return {
    first_seen: iso(a.firstSeen), last_seen: iso(a.lastSeen), sightings: a.sightings, bytes: a.bytes, packets: a.packets, ports: JSON.stringify(a.ports), days: JSON.stringify(a.days),
    outbound: a.outbound ? 1 : 0, established: a.established ? 1 : 0, urgency: u.urgency, score: u.score, reasons: JSON.stringify(u.reasons),
  };
}

/**
 * Timeline events are listed by time, then id. Several events share an instant (detected and
 * sent in one transaction), so the id starts with a monotonic counter: they keep the order in
 * which they were written instead of a random one.
 */
const eventId = () => `${process.hrtime.bigint().toString(36).padStart(14, '0')}-${newId()}`;

async function addEvent(trx: Trx, deps: Deps, actor: Actor, alertId: string, action: string, note: string | null = null, details: unknown = {}): Promise<void> {
  await repo.insertEvent(trx, { id: eventId(), alert_id: alertId, at: deps.now().toISOString(), actor_user_id: actor.userId, actor_label: actor.label, action, note, details: JSON.stringify(details) });
}

/** What the owning institution is told: its host, the indicator, urgency and times. Never sent anywhere else. */
function alertPayload(deps: Deps, a: repo.AlertRow) {
  return {
    alertId: a.id, url: `${deps.config.baseUrl}/flows/alerts/${a.id}`, institutionId: a.institution_id, kind: a.kind, internalHost: a.internal_host, remoteAddress: a.remote_address,
    indicator: { id: a.indicator_id, value: a.indicator_value, category: a.category, confidence: a.confidence }, urgency: a.urgency, score: a.score,
    reasons: (JSON.parse(a.reasons) as UrgencyReason[]).map((r) => ({ key: r.key, ja: r.ja, en: r.en })), firstSeen: a.first_seen, lastSeen: a.last_seen,
    sightings: a.sightings, bytes: Number(a.bytes), packets: Number(a.packets), ports: JSON.parse(a.ports) as number[], sentAt: a.sent_at, ackDeadline: a.ack_deadline, escalatedAt: a.escalated_at,
  };
}

function alertMail(deps: Deps, a: repo.AlertRow, escalation: boolean) {
  const p = alertPayload(deps, a);
  const reasonsJa = p.reasons.map((r) => `  - ${r.ja}`).join('\n');
  const reasonsEn = p.reasons.map((r) => `  - ${r.en}`).join('\n');
  return (locale: 'ja' | 'en') => locale === 'ja'
    ? {
      subject: `[Renkei] ${escalation ? '【期限超過】' : ''}【${URGENCY_JA[a.urgency]}】通信監視アラート: ${a.internal_host} と ${a.indicator_value}（${a.category ?? '分類なし'}）`,
      text: `${escalation ? `次のアラートが確認期限（${a.ack_deadline}）までに受領確認されていません。対応状況を確認してください。\n\n` : ''}`
        + `${a.kind === 'dns' ? `所属機関のホストが脅威情報の指標のドメインを DNS で問い合わせました（DNS 問い合わせ: ${a.remote_address}）。` : '所属機関のホストが脅威情報の指標と通信しました。'}\n\n学内ホスト: ${a.internal_host}\n指標: ${a.indicator_value}（${a.category ?? '分類なし'}、確度 ${a.confidence ?? '不明'}）\n`
        + `緊急度: ${URGENCY_JA[a.urgency]}（スコア ${a.score}）\n初回検知: ${a.first_seen}\n最終検知: ${a.last_seen}\n検知回数: ${a.sightings}\n通信量: ${p.bytes} バイト / ${p.packets} パケット\n`
        + `ポート: ${p.ports.join(', ')}\n受領確認の期限: ${a.ack_deadline}\n根拠:\n${reasonsJa}\n\n対応を記録してください: ${p.url}\n`,
    }
    : {
      subject: `[Renkei] ${escalation ? '[OVERDUE] ' : ''}[${a.urgency}] Flow alert: ${a.internal_host} and ${a.indicator_value} (${a.category ?? 'uncategorised'})`,
      text: `${escalation ? `This alert was not acknowledged by its deadline (${a.ack_deadline}). Please check on its handling.\n\n` : ''}`
        + `${a.kind === 'dns' ? `A host of your institution asked DNS for a threat indicator's domain (DNS query: ${a.remote_address}).` : 'A host of your institution was seen communicating with a threat indicator.'}\n\nInternal host: ${a.internal_host}\nIndicator: ${a.indicator_value} (${a.category ?? 'uncategorised'}, confidence ${a.confidence ?? 'unknown'})\n`
        + `Urgency: ${a.urgency} (score ${a.score})\nFirst seen: ${a.first_seen}\nLast seen: ${a.last_seen}\nSightings: ${a.sightings}\nVolume: ${p.bytes} bytes / ${p.packets} packets\n`
        + `Ports: ${p.ports.join(', ')}\nAcknowledge by: ${a.ack_deadline}\nWhy:\n${reasonsEn}\n\nRecord your response: ${p.url}\n`,
    };
}

/**
 * Sends an alert in review to its institution: status received, deadline set, e-mail to its CSIRT
 * users and its webhooks, all in `trx`. Null when the alert left review meanwhile (nothing sent).
 */
async function send(trx: Trx, deps: Deps, actor: Actor, row: repo.AlertRow, note: string | null): Promise<repo.AlertRow | null> {
  const now = deps.now().toISOString();
  const sent: repo.AlertRow = { ...row, status: 'received', sent_at: now, ack_deadline: addHours(now, ACK_DEADLINE_HOURS[row.urgency]), updated_at: now };
  if (!(await repo.transition(trx, row.id, 'review', { status: sent.status, sent_at: sent.sent_at, ack_deadline: sent.ack_deadline, updated_at: now }))) return null;
  const recipients = await activeRoleHolders(trx, row.institution_id, ALERT_ROLES);
  const mails = await notifyUsers(trx, 'flows.alert', recipients, alertMail(deps, sent, false), deps.now());
  const hooks = await enqueueWebhooks(trx, row.institution_id, 'flows.alert', alertPayload(deps, sent), deps.now());
  await addEvent(trx, deps, actor, row.id, 'sent', note, { urgency: row.urgency, emails: mails, webhooks: hooks, automatic: actor.kind === 'system' });
  await recordAudit(trx, actor, { action: 'flows.alert_send', objectType: 'flow_alert', objectId: row.id, institutionId: row.institution_id, changes: { urgency: row.urgency, emails: mails, webhooks: hooks } }, deps.now());
  return sent;
}

export interface IngestResult {
  sightings: number;
  created: string[];
  updated: string[];
  /** Alerts sent at once (urgent). */
  sent: string[];
}

/**
 * Groups sightings into alerts (extending open ones), scores them, and sends urgent ones at
 * once; the rest wait for the operator's review. One transaction: all or nothing.
 */
export async function ingestSightings(deps: Deps, sightings: readonly SightingInput[], actor: Actor = SYSTEM_ACTOR, windowMs = DEFAULT_WINDOW_MS): Promise<IngestResult> {
  if (actor.kind !== 'system' && !can.reviewFlowAlerts(actor)) throw denied();
  if (!sightings.length) return { sightings: 0, created: [], updated: [], sent: [] };
  return deps.db.transaction().execute((trx) => ingestSightingsIn(trx, deps, sightings, actor, windowMs));
}

/**
 * `ingestSightings` inside the caller's transaction (log imports ingest their chunks and audit
 * the import in one). The caller checks permissions. At most MAX_SIGHTINGS_PER_BATCH a call.
 */
export async function ingestSightingsIn(trx: Trx, deps: Deps, sightings: readonly SightingInput[], actor: Actor = SYSTEM_ACTOR, windowMs = DEFAULT_WINDOW_MS): Promise<IngestResult> {
  const result: IngestResult = { sightings: sightings.length, created: [], updated: [], sent: [] };
  if (!sightings.length) return result;
  if (sightings.length > MAX_SIGHTINGS_PER_BATCH) {
    throw new AppError('validation', `検知は 1 回に ${MAX_SIGHTINGS_PER_BATCH} 件までです（${sightings.length} 件） / At most ${MAX_SIGHTINGS_PER_BATCH} sightings per call`, [{ path: 'body.sightings', message: 'too many' }]);
  }
  const latest = deps.now().getTime() + FUTURE_TOLERANCE_MS;
  const bad: { path: string; message: string }[] = [];
  const records: SightingRecord[] = sightings.map((s, i) => {
    const start = Date.parse(s.start);
    const end = Date.parse(s.end);
    if (!Number.isFinite(start)) bad.push({ path: `body.sightings.${i}.start`, message: 'not an ISO-8601 instant' });
    if (!Number.isFinite(end)) bad.push({ path: `body.sightings.${i}.end`, message: 'not an ISO-8601 instant' });
    else if (end < start) bad.push({ path: `body.sightings.${i}.end`, message: 'before start' });
    else if (end > latest) bad.push({ path: `body.sightings.${i}.end`, message: 'in the future' });
    // The canonical text (as the live pipeline writes it), so one host groups into one alert however it was written.
    const host = parseAddress(s.internalHost);
    if (!host) bad.push({ path: `body.sightings.${i}.internalHost`, message: 'not an IP address' });
    return { ...s, internalHost: host ? formatAddress(host) : s.internalHost, start, end };
  });
  if (bad.length) {
    throw new AppError('validation', `時刻または学内ホストのアドレスが正しくない検知があります（${bad.length} 件） / Some sightings have bad times or host addresses`, bad.slice(0, 20));
  }
  const remoteOf = new Map<string, { remote: string; kind: 'flow' | 'dns' }>();
  records.forEach((r, i) => {
    const key = `${r.institutionId} ${r.internalHost} ${r.indicatorId}`;
    if (!remoteOf.has(key)) remoteOf.set(key, { remote: r.remoteAddress, kind: sightings[i]!.kind ?? 'flow' });
  });

  {
    await lockForSequence(trx, FLOW_WRITE_LOCK);
    const institutions = new Set(await repo.memberInstitutionIds(trx));
    const indicatorIds = [...new Set(records.map((r) => r.indicatorId))];
    const indicators = new Map((await repo.indicatorsByIds(trx, indicatorIds)).map((i) => [i.id, i]));
    records.forEach((r, i) => {
      if (!institutions.has(r.institutionId)) bad.push({ path: `body.sightings.${i}.institutionId`, message: 'unknown member institution' });
      if (!indicators.has(r.indicatorId)) bad.push({ path: `body.sightings.${i}.indicatorId`, message: 'unknown indicator' });
    });
    if (bad.length) throw new AppError('validation', `不明な機関または指標を含む検知があります（${bad.length} 件） / Unknown institution or indicator`, bad.slice(0, 20));
    const members = await memberAddressMap(trx);
    records.forEach((r, i) => {
      const owner = memberOf(members, r.internalHost);
      if (owner !== r.institutionId) {
        bad.push({ path: `body.sightings.${i}.internalHost`, message: owner ? 'in a more specific prefix of another member institution' : 'not in the institution\'s registered prefixes' });
      }
    });
    if (bad.length) {
      throw new AppError('validation', `学内ホストのアドレスが、その機関の登録済みアドレス範囲にない検知があります（${bad.length} 件。最も詳細なプレフィックスの登録機関で判定） / `
        + 'Some internal hosts are not in their institution\'s registered prefixes (the most specific registered prefix decides)', bad.slice(0, 20));
    }

    const open = (await repo.openAlertsFor(trx, records)).map(toOpen);
    // Dismissed alerts that these sightings would raise above their urgency are passed over:
    // the sightings then open a new alert (see the header). Regroup until none is raised.
    const passedOver = new Map<string, repo.AlertRow>();
    /** The (latest) dismissed alert passed over, by alert key: what a new alert for that key follows. */
    const follows = new Map<string, { row: repo.AlertRow; wouldBe: Urgency }>();
    let grouped = groupSightings(open, records, windowMs);
    for (;;) {
      const raised = grouped.updated.filter((u) => u.row.status === 'dismissed' && URGENCY_RANK[scoreOf(u, indicators.get(u.indicatorId)!).urgency] > URGENCY_RANK[u.row.urgency]);
      if (!raised.length) break;
      for (const u of raised) {
        passedOver.set(u.id, u.row);
        if (!follows.has(alertKey(u))) follows.set(alertKey(u), { row: u.row, wouldBe: scoreOf(u, indicators.get(u.indicatorId)!).urgency });
      }
      grouped = groupSightings(open.filter((o) => !passedOver.has(o.id)), records, windowMs);
    }
    const now = deps.now().toISOString();

    /** Which alert took a key's sightings (the first created, else the one extended). */
    const taken = new Map<string, string>();
    const createdFor = new Set<string>();
    for (const u of grouped.updated) {
      taken.set(alertKey(u), u.id);
      const ind = indicators.get(u.indicatorId)!;
      const score = scoreOf(u, ind);
      const cols = aggregateColumns(u, score);
      await repo.updateAlert(trx, u.id, { ...cols, updated_at: now });
      result.updated.push(u.id);
      if (score.urgency !== u.row.urgency) await addEvent(trx, deps, actor, u.id, 'urgency_changed', null, { from: u.row.urgency, to: score.urgency, score: score.score });
      // An alert still in review that becomes urgent goes out now.
      // (Unless the operator confirmed or dismissed it meanwhile: then send() does nothing.)
      if (u.row.status === 'review' && score.urgency === 'urgent' && (await send(trx, deps, actor, { ...u.row, ...cols, updated_at: now }, null))) {
        result.sent.push(u.id);
      }
    }
    for (const c of grouped.created) {
      const ind = indicators.get(c.indicatorId)!;
      const score = scoreOf(c, ind);
      const first = remoteOf.get(`${c.institutionId} ${c.internalHost} ${c.indicatorId}`);
      const row: repo.AlertRow = {
        id: newId(), institution_id: c.institutionId, internal_host: c.internalHost, remote_address: first?.remote ?? ind.value, kind: first?.kind ?? 'flow',
        indicator_id: c.indicatorId, indicator_value: ind.value, category: ind.category, confidence: ind.confidence, ...aggregateColumns(c, score), status: 'review',
        created_at: now, updated_at: now, sent_at: null, ack_deadline: null, acknowledged_at: null, closed_at: null, escalated_at: null, dismiss_reason: null, merged_into: null,
      };
      await repo.insertAlert(trx, row);
      const prior = follows.get(alertKey(c));
      await addEvent(trx, deps, actor, row.id, 'detected', null, { urgency: row.urgency, score: row.score, ...(prior ? { afterDismissed: prior.row.id } : {}) });
      if (!createdFor.has(alertKey(c))) taken.set(alertKey(c), row.id);
      createdFor.add(alertKey(c));
      result.created.push(row.id);
      if (row.urgency === 'urgent') {
        await send(trx, deps, actor, row, null);
        result.sent.push(row.id);
      }
    }
    for (const [key, d] of follows) {
      await addEvent(trx, deps, actor, d.row.id, 'passed_over', null, { urgency: d.row.urgency, wouldBe: d.wouldBe, alert: taken.get(key) ?? null });
    }
    await recordAudit(trx, actor, {
      action: 'flows.ingest', objectType: 'flow_sightings',
      changes: { sightings: records.length, created: result.created.length, updated: result.updated.length, sent: result.sent.length, passedOver: [...passedOver.keys()] },
    }, deps.now());
  }
  return result;
}

function view(a: repo.AlertRow, forOperator: boolean) {
  return {
    id: a.id, institutionId: a.institution_id, kind: a.kind, internalHost: a.internal_host, remoteAddress: a.remote_address,
    indicator: { id: a.indicator_id, value: a.indicator_value, category: a.category, confidence: a.confidence },
    urgency: a.urgency, score: a.score, reasons: JSON.parse(a.reasons) as UrgencyReason[], status: a.status,
    firstSeen: a.first_seen, lastSeen: a.last_seen, sightings: a.sightings, bytes: Number(a.bytes), packets: Number(a.packets), ports: JSON.parse(a.ports) as number[],
    days: (JSON.parse(a.days) as string[]).length, outbound: !!a.outbound, established: !!a.established,
    createdAt: a.created_at, sentAt: a.sent_at, ackDeadline: a.ack_deadline, acknowledgedAt: a.acknowledged_at, closedAt: a.closed_at, escalatedAt: a.escalated_at,
    ...(forOperator ? { dismissReason: a.dismiss_reason, mergedInto: a.merged_into } : {}),
  };
}

export const SENT_STATES: FlowAlertStatus[] = [...INSTITUTION_STATES];

export interface ListFilter {
  status?: FlowAlertStatus | undefined;
  urgency?: Urgency | undefined;
  category?: string | undefined;
  institutionId?: string | undefined;
  host?: string | undefined;
}

/** The operator's review queue (status review unless asked otherwise). */
export async function listReviewQueue(deps: Deps, actor: Actor, filter: ListFilter, page: number, pageSize: number) {
  if (!can.reviewFlowAlerts(actor)) throw denied();
  const { rows, total } = await repo.listAlerts(deps.db, { ...filter, status: [filter.status ?? 'review'] }, (page - 1) * pageSize, pageSize);
  return { items: rows.map((r) => view(r, true)), total, page, pageSize };
}

/** Alerts: the operator sees all; a member's CSIRT/CISO/administrators see their own sent alerts only. */
export async function listAlerts(deps: Deps, actor: Actor, filter: ListFilter, page: number, pageSize: number) {
  const operator = can.reviewFlowAlerts(actor);
  let f: repo.AlertFilter;
  if (operator) f = { ...filter, status: filter.status ? [filter.status] : undefined };
  else {
    if (!actor.institutionId || !can.respondToFlowAlerts(actor, actor.institutionId)) throw denied();
    if (filter.status && !SENT_STATES.includes(filter.status)) return { items: [], total: 0, page, pageSize };
    f = { ...filter, institutionId: actor.institutionId, status: filter.status ? [filter.status] : SENT_STATES };
  }
  const { rows, total } = await repo.listAlerts(deps.db, f, (page - 1) * pageSize, pageSize);
  return { items: rows.map((r) => view(r, operator)), total, page, pageSize };
}

/** An alert the actor may see: any for the operator; for a member only its own, once sent. Anything else is "not found". */
async function visibleAlert(db: Deps['db'] | Trx, actor: Actor, id: string): Promise<{ row: repo.AlertRow; operator: boolean }> {
  const row = await repo.findAlert(db, id);
  if (row && can.reviewFlowAlerts(actor)) return { row, operator: true };
  if (!row || !can.respondToFlowAlerts(actor, row.institution_id) || !SENT_STATES.includes(row.status)) throw alertNotFound();
  return { row, operator: false };
}

export async function getAlert(deps: Deps, actor: Actor, id: string) {
  const { row, operator } = await visibleAlert(deps.db, actor, id);
  const events = await repo.eventsOf(deps.db, id);
  return {
    ...view(row, operator),
    next: SENT_STATES.includes(row.status) ? NEXT[row.status as InstitutionState] : [],
    timeline: events.map((e) => ({ at: e.at, actor: e.actor_label, action: e.action, note: e.note, details: JSON.parse(e.details) as unknown })),
  };
}

async function reviewable(trx: Trx, actor: Actor, id: string): Promise<repo.AlertRow> {
  if (!can.reviewFlowAlerts(actor)) throw denied();
  const row = await repo.findAlert(trx, id);
  if (!row) throw alertNotFound();
  if (row.status !== 'review') throw new AppError('conflict', `このアラートは確認待ちではありません（現在: ${STATE_JA[row.status]}）`);
  return row;
}

/** The operator confirms an alert in review: it is sent to the institution. */
export async function confirmAlert(deps: Deps, actor: Actor, id: string, note?: string | undefined) {
  return deps.db.transaction().execute(async (trx) => {
    await lockForSequence(trx, FLOW_WRITE_LOCK);
    const row = await reviewable(trx, actor, id);
    await recordAudit(trx, actor, { action: 'flows.alert_confirm', objectType: 'flow_alert', objectId: id, institutionId: row.institution_id, changes: { note: note ?? null } }, deps.now());
    const sent = await send(trx, deps, actor, row, note?.trim() || null);
    if (!sent) throw changedMeanwhile();
    return { id, status: sent.status, sentAt: sent.sent_at, ackDeadline: sent.ack_deadline };
  });
}

/** The operator dismisses an alert in review (false positive, known benign …); a reason is required. */
export async function dismissAlert(deps: Deps, actor: Actor, id: string, reason: string) {
  const why = reason.trim();
  if (!why) throw new AppError('validation', '却下の理由を入力してください', [{ path: 'body.reason', message: 'required' }]);
  await deps.db.transaction().execute(async (trx) => {
    await lockForSequence(trx, FLOW_WRITE_LOCK);
    const row = await reviewable(trx, actor, id);
    const now = deps.now().toISOString();
    if (!(await repo.transition(trx, id, 'review', { status: 'dismissed', dismiss_reason: why, updated_at: now }))) throw changedMeanwhile();
    await addEvent(trx, deps, actor, id, 'dismissed', why);
    await recordAudit(trx, actor, { action: 'flows.alert_dismiss', objectType: 'flow_alert', objectId: id, institutionId: row.institution_id, changes: { reason: why } }, deps.now());
  });
  return { id, status: 'dismissed' as const };
}

/** Merges an alert in review into another alert of the same institution (e.g. the same incident seen with two indicators). */
export async function mergeAlert(deps: Deps, actor: Actor, id: string, intoId: string, note?: string | undefined) {
  if (id === intoId) throw new AppError('validation', 'アラートを自分自身に統合することはできません', [{ path: 'body.into', message: 'same alert' }]);
  return deps.db.transaction().execute(async (trx) => {
    await lockForSequence(trx, FLOW_WRITE_LOCK);
    const a = await reviewable(trx, actor, id);
    const b = await repo.findAlert(trx, intoId);
    if (!b) throw alertNotFound('target');
    if (b.institution_id !== a.institution_id) throw new AppError('conflict', '別の機関のアラートには統合できません');
    if (['merged', 'dismissed', 'closed'].includes(b.status)) throw new AppError('conflict', `統合先のアラートは${STATE_JA[b.status]}です`);
    const now = deps.now().toISOString();
    const oa = toOpen(a);
    const ob = toOpen(b);
    const merged: AlertAggregate = {
      ...ob, firstSeen: Math.min(oa.firstSeen, ob.firstSeen), lastSeen: Math.max(oa.lastSeen, ob.lastSeen), sightings: oa.sightings + ob.sightings, bytes: oa.bytes + ob.bytes,
      packets: oa.packets + ob.packets, ports: [...new Set([...ob.ports, ...oa.ports])].slice(0, 32), days: [...new Set([...ob.days, ...oa.days])],
      outbound: oa.outbound || ob.outbound, established: oa.established || ob.established,
    };
    const score = scoreOf(merged, { category: b.category, confidence: b.confidence });
    // The target keeps the higher of its own and the recomputed urgency of the merged traffic.
    const rank = (u: Urgency) => ['low', 'normal', 'high', 'urgent'].indexOf(u);
    const keep = rank(b.urgency) > rank(score.urgency) ? { urgency: b.urgency, score: Math.max(b.score, score.score), reasons: score.reasons } : score;
    if (!(await repo.transition(trx, id, 'review', { status: 'merged', merged_into: intoId, updated_at: now }))) throw changedMeanwhile();
    if (!(await repo.transition(trx, intoId, b.status, { ...aggregateColumns(merged, keep), updated_at: now }))) throw changedMeanwhile();
    await addEvent(trx, deps, actor, id, 'merged', note?.trim() || null, { into: intoId });
    await addEvent(trx, deps, actor, intoId, 'merged_from', note?.trim() || null, { from: id, indicator: a.indicator_value, internalHost: a.internal_host, sightings: a.sightings });
    await recordAudit(trx, actor, { action: 'flows.alert_merge', objectType: 'flow_alert', objectId: id, institutionId: a.institution_id, changes: { into: intoId } }, deps.now());
    return { id, status: 'merged' as const, mergedInto: intoId };
  });
}

/** The institution moves its alert on: received → acknowledged → investigating → mitigated | not_affected → closed. */
export async function changeStatus(deps: Deps, actor: Actor, id: string, to: InstitutionState, note?: string | undefined) {
  const text = note?.trim() || null;
  if ((to === 'mitigated' || to === 'not_affected') && !text) {
    throw new AppError('validation', `「${STATE_JA[to]}」にするには、行った対応を記録してください`, [{ path: 'body.note', message: 'required for this status' }]);
  }
  return deps.db.transaction().execute(async (trx) => {
    await lockForSequence(trx, FLOW_WRITE_LOCK);
    const { row, operator } = await visibleAlert(trx, actor, id);
    // The operator may read every alert, but only the institution responds to its own.
    if (operator && !can.respondToFlowAlerts(actor, row.institution_id)) throw denied();
    const from = row.status as InstitutionState;
    const allowed = NEXT[from] ?? [];
    if (!allowed.includes(to)) {
      throw new AppError('conflict', `「${STATE_JA[from]}」から「${STATE_JA[to]}」へは進められません。${allowed.length ? `次に選べるのは: ${allowed.map((s) => `「${STATE_JA[s]}」(${s})`).join('、')}` : 'このアラートは完了しています'}`
        + ` / Cannot move from ${from} to ${to}${allowed.length ? `; next: ${allowed.join(', ')}` : ''}`);
    }
    const now = deps.now().toISOString();
    const moved = await repo.transition(trx, id, from, {
      status: to, updated_at: now,
      ...(to === 'acknowledged' ? { acknowledged_at: now } : {}),
      ...(to === 'closed' ? { closed_at: now } : {}),
    });
    if (!moved) throw changedMeanwhile();
    await addEvent(trx, deps, actor, id, `status.${to}`, text, { from, to });
    await recordAudit(trx, actor, { action: 'flows.alert_status', objectType: 'flow_alert', objectId: id, institutionId: row.institution_id, changes: { from, to, note: text } }, deps.now());
    return { id, status: to, next: NEXT[to] };
  });
}

/**
 * Escalates sent alerts not acknowledged by their deadline: marks them escalated and tells the
 * institution's CISO and coordinator (its backup contacts). Idempotent: an alert escalates once.
 */
export async function escalateOverdue(deps: Deps, actor: Actor = SYSTEM_ACTOR): Promise<{ escalated: string[] }> {
  if (actor.kind !== 'system' && !can.reviewFlowAlerts(actor)) throw denied();
  const escalated: string[] = [];
  await deps.db.transaction().execute(async (trx) => {
    await lockForSequence(trx, FLOW_WRITE_LOCK);
    const now = deps.now().toISOString();
    for (const row of await repo.overdueAlerts(trx, now)) {
      if (!(await repo.markEscalated(trx, row.id, now))) continue;
      const a = { ...row, escalated_at: now };
      const recipients = await activeRoleHolders(trx, row.institution_id, ESCALATION_ROLES);
      const mails = await notifyUsers(trx, 'flows.escalation', recipients, alertMail(deps, a, true), deps.now());
      const hooks = await enqueueWebhooks(trx, row.institution_id, 'flows.escalation', alertPayload(deps, a), deps.now());
      await addEvent(trx, deps, actor, row.id, 'escalated', null, { deadline: row.ack_deadline, emails: mails, webhooks: hooks });
      await recordAudit(trx, actor, { action: 'flows.alert_escalate', objectType: 'flow_alert', objectId: row.id, institutionId: row.institution_id, changes: { deadline: row.ack_deadline, emails: mails } }, deps.now());
      escalated.push(row.id);
    }
  });
  return { escalated };
}
