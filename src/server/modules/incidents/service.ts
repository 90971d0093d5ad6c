/**
 * Handling an incident inside the institution: triage, the order of states, timeline, tasks,
 * evidence, mandatory reports, lessons learned and near misses, and the yearly summary for the
 * CISO. Only the institution's CSIRT, CISO and administrators see an incident; to anyone else,
 * inside or outside the institution, it does not exist (404).
 */
import crypto from 'node:crypto';
import { checkEvidenceFile } from '../../../core/assessments/evidence.ts';
import { isCalendarDate, jstDate } from '../../../core/assessments/rules.ts';
import { type Actor, can } from '../../../core/access.ts';
import { OBLIGATION_KINDS, OBLIGATION_LABELS, type ObligationKind, isOverdue, ppcCases } from '../../../core/incidents/deadlines.ts';
import {
  CATEGORY_LABELS, INCIDENT_CATEGORIES, INCIDENT_STATES, type IncidentCategory, type IncidentState, PERSONAL_DATA_KIND_LABELS, type PersonalDataKind,
  type RuleViolation, SEVERITIES, SEVERITY_LABELS, STATE_LABELS, type Severity, editable, incidentRef, incidentTransition, median,
} from '../../../core/incidents/rules.ts';
import { fiscalYearMonths, japaneseFiscalYearLabel } from '../../../core/incidents/summary.ts';
import { fiscalYearOf, fiscalYearRange, formatJst } from '../../../core/time.ts';
import type { Db, Trx } from '../../db/index.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyUsers } from '../../platform/outbox/service.ts';
import { newId } from '../../platform/secrets.ts';
import type { UploadedFile } from '../../platform/uploads.ts';
import { personalFacts, syncObligations } from './deadlines.ts';
import * as repo from './repo.ts';

type Q = Db | Trx;

export const denied = () => new AppError('forbidden', 'この操作を行う権限がありません / You do not have permission to do this');
const incidentNotFound = () => new AppError('not_found', 'インシデントが見つかりません / Incident not found');

function fail(v: RuleViolation | null): void {
  if (v) throw new AppError(v.kind, v.message, v.field ? [{ path: v.field, message: v.message }] : []);
}

function handler(actor: Actor): string {
  if (!actor.institutionId || !can.handleIncidents(actor, actor.institutionId)) throw denied();
  return actor.institutionId;
}

async function incidentFor(q: Q, actor: Actor, id: string): Promise<repo.IncidentRow> {
  const row = await repo.findIncident(q, id);
  if (!row || !can.handleIncidents(actor, row.institution_id)) throw incidentNotFound();
  return row;
}

async function colleague(q: Q, institutionId: string, userId: string, path: string): Promise<void> {
  const u = await repo.findUser(q, userId);
  if (!u || u.institution_id !== institutionId || u.status !== 'active') {
    throw new AppError('validation', '担当者は同じ機関の有効な利用者から選んでください / Pick an active member of the institution', [{ path, message: 'not an active member of this institution' }]);
  }
}

const bool = (n: number | null) => (n === null ? null : n === 1);

function summaryView(r: repo.IncidentRow) {
  return {
    id: r.id, ref: incidentRef(r.fiscal_year, r.seq), title: r.title, status: r.status, statusLabel: STATE_LABELS[r.status], isIncident: bool(r.is_incident),
    category: r.category, categoryLabel: r.category ? CATEGORY_LABELS[r.category as IncidentCategory] : null, severity: r.severity,
    severityLabel: r.severity ? SEVERITY_LABELS[r.severity] : null, personalData: r.personal_data === 1,
    awareAt: r.aware_at, awareAtJst: formatJst(r.aware_at), closedAt: r.closed_at, updatedAt: r.updated_at,
  };
}

function obligationView(o: repo.ObligationRow, now: Date) {
  return {
    kind: o.kind, label: OBLIGATION_LABELS[o.kind], basis: o.basis, dueAt: o.due_at, dueAtJst: formatJst(o.due_at), targetAt: o.target_at, targetAtJst: formatJst(o.target_at),
    doneAt: o.done_at, note: o.note, overdue: isOverdue({ dueAt: o.due_at, doneAt: o.done_at }, now), overdueNotifiedAt: o.overdue_notified_at,
  };
}

export async function listIncidents(deps: Deps, actor: Actor, f: { status?: IncidentState | undefined; fiscalYear?: number | undefined }) {
  const institutionId = handler(actor);
  const range = f.fiscalYear !== undefined ? fiscalYearRange(f.fiscalYear) : null;
  const rows = await repo.incidentsOf(deps.db, institutionId, { status: f.status, from: range?.start.toISOString(), to: range?.end.toISOString() });
  const ids = rows.map((r) => r.id);
  const [reports, open] = await Promise.all([repo.reportsOfIncidents(deps.db, ids), repo.openObligationsOf(deps.db, ids)]);
  const now = deps.now();
  return rows.map((r) => {
    const mine = reports.filter((p) => p.incident_id === r.id);
    const owed = open.filter((o) => o.incident_id === r.id);
    return {
      ...summaryView(r), receipts: mine.map((p) => p.receipt_no), channels: [...new Set(mine.map((p) => p.channel))],
      obligationsOpen: owed.length, obligationsOverdue: owed.filter((o) => isOverdue({ dueAt: o.due_at, doneAt: null }, now)).map((o) => o.kind),
    };
  });
}

export async function getIncident(deps: Deps, actor: Actor, id: string) {
  const r = await incidentFor(deps.db, actor, id);
  const [reports, assets, events, tasks, evidence, obligations, learnings, users] = await Promise.all([
    repo.reportsOfIncident(deps.db, id), repo.assetsOf(deps.db, id), repo.eventsOf(deps.db, id), repo.tasksOf(deps.db, id), repo.evidenceOf(deps.db, id),
    repo.obligationsOf(deps.db, id), repo.learningsOf(deps.db, r.institution_id, { incidentId: id }), repo.institutionUsers(deps.db, r.institution_id),
  ]);
  const names = new Map(users.map((u) => [u.id, u.display_name]));
  const person = (uid: string | null) => (uid ? { id: uid, name: names.get(uid) ?? null } : null);
  const now = deps.now();
  const today = jstDate(now);
  const facts = personalFacts(r);
  return {
    ...summaryView(r),
    description: r.description, occurredAt: r.occurred_at, containedAt: r.contained_at, createdAt: r.created_at, handler: person(r.handler_id),
    personalData: {
      involved: r.personal_data === 1, count: r.personal_data_count, kinds: facts.kinds, kindLabels: facts.kinds.map((k) => PERSONAL_DATA_KIND_LABELS[k]),
      unauthorisedPurpose: facts.unauthorisedPurpose, ppcCases: ppcCases(facts),
    },
    assets: assets.map((a) => ({ kind: a.kind, name: a.name, confidentiality: a.confidentiality, integrity: a.integrity, availability: a.availability, note: a.note })),
    reports: reports.map((p) => ({
      id: p.id, receiptNo: p.receipt_no, channel: p.channel, reporter: person(p.reporter_id), subject: p.subject, body: p.body, suspicion: p.suspicion === 1, occurredAt: p.occurred_at,
      contact: p.channel === 'public' ? { name: p.contact_name, email: p.contact_email, phone: p.contact_phone, affiliation: p.contact_affiliation, ip: p.source_ip } : null,
      createdAt: p.created_at,
    })),
    timeline: events.map((e) => ({ id: e.id, at: e.at, atJst: formatJst(e.at), kind: e.kind, text: e.text, by: person(e.created_by), createdAt: e.created_at })),
    tasks: tasks.map((t) => ({
      id: t.id, phase: t.phase, title: t.title, owner: person(t.owner_id), dueDate: t.due_date, status: t.status,
      overdue: t.status === 'open' && t.due_date !== null && t.due_date < today, doneAt: t.done_at, createdAt: t.created_at,
    })),
    evidence: evidence.map((e) => ({ id: e.id, filename: e.filename, mediaType: e.media_type, size: e.size_bytes, sha256: e.sha256, note: e.note, by: person(e.created_by), createdAt: e.created_at })),
    obligations: obligations.map((o) => obligationView(o, now)),
    learnings: learnings.map(learningView),
    /** Active members of the institution: who can own a task or handle the incident. */
    people: users.filter((u) => u.status === 'active').map((u) => ({ id: u.id, name: u.display_name })),
  };
}

export interface IncidentPatch {
  title?: string | undefined;
  description?: string | undefined;
  isIncident?: boolean | null | undefined;
  category?: IncidentCategory | null | undefined;
  severity?: Severity | null | undefined;
  occurredAt?: string | null | undefined;
  awareAt?: string | undefined;
  containedAt?: string | null | undefined;
  handlerId?: string | null | undefined;
  personalData?: { involved: boolean; count?: number | null | undefined; kinds?: PersonalDataKind[] | undefined; unauthorisedPurpose?: boolean | undefined } | undefined;
  assets?: { kind: 'system' | 'information'; name: string; confidentiality?: number | null | undefined; integrity?: number | null | undefined; availability?: number | null | undefined; note?: string | null | undefined }[] | undefined;
}

const iso = (s: string) => new Date(s).toISOString();

/** Triage and later corrections. Mandatory reports follow the new facts in the same transaction. */
export async function updateIncident(deps: Deps, actor: Actor, id: string, input: IncidentPatch) {
  const now = deps.now();
  const errors = [];
  if (input.awareAt && new Date(input.awareAt) > now) errors.push({ path: 'body.awareAt', message: 'in the future' });
  if (input.occurredAt && new Date(input.occurredAt) > now) errors.push({ path: 'body.occurredAt', message: 'in the future' });
  if (input.containedAt && new Date(input.containedAt) > now) errors.push({ path: 'body.containedAt', message: 'in the future' });
  if (errors.length) throw new AppError('validation', '未来の日時は指定できません / Times cannot be in the future', errors);
  await deps.db.transaction().execute(async (trx) => {
    const r = await incidentFor(trx, actor, id);
    fail(editable(r.status));
    const patch: Partial<repo.IncidentRow> = { updated_at: now.toISOString() };
    if (input.title !== undefined) patch.title = input.title;
    if (input.description !== undefined) patch.description = input.description;
    if (input.isIncident !== undefined) patch.is_incident = input.isIncident === null ? null : input.isIncident ? 1 : 0;
    if (input.category !== undefined) patch.category = input.category;
    if (input.severity !== undefined) patch.severity = input.severity;
    if (input.occurredAt !== undefined) patch.occurred_at = input.occurredAt === null ? null : iso(input.occurredAt);
    if (input.awareAt !== undefined) patch.aware_at = iso(input.awareAt);
    if (input.containedAt !== undefined) patch.contained_at = input.containedAt === null ? null : iso(input.containedAt);
    if (input.handlerId !== undefined) {
      if (input.handlerId !== null) await colleague(trx, r.institution_id, input.handlerId, 'body.handlerId');
      patch.handler_id = input.handlerId;
    }
    if (input.personalData) {
      const p = input.personalData;
      patch.personal_data = p.involved ? 1 : 0;
      patch.personal_data_count = p.involved ? (p.count ?? null) : null;
      patch.personal_data_kinds = JSON.stringify(p.involved ? [...new Set(p.kinds ?? [])] : []);
      patch.unauthorised_purpose = p.involved && p.unauthorisedPurpose ? 1 : 0;
    }
    const next = { ...r, ...patch };
    if (next.contained_at && next.contained_at < next.aware_at && input.containedAt) {
      throw new AppError('validation', '封じ込めの日時は認知の日時より後にしてください / Containment cannot precede awareness', [{ path: 'body.containedAt', message: 'before awareAt' }]);
    }
    await repo.updateIncident(trx, id, patch);
    if (input.assets) {
      await repo.replaceAssets(trx, id, input.assets.map((a, ord) => ({
        id: newId(), incident_id: id, kind: a.kind, name: a.name, confidentiality: a.confidentiality ?? null, integrity: a.integrity ?? null, availability: a.availability ?? null, note: a.note ?? null, ord,
      })));
    }
    const decided = (['isIncident', 'category', 'severity'] as const).filter((k) => input[k] !== undefined && input[k] !== (k === 'isIncident' ? bool(r.is_incident) : r[k]));
    if (decided.length) {
      const what = [
        next.is_incident === null ? '判断保留' : next.is_incident === 1 ? 'インシデントと判断' : 'インシデントではないと判断',
        next.category ? `分類: ${CATEGORY_LABELS[next.category as IncidentCategory].ja}` : null,
        next.severity ? `深刻度: ${SEVERITY_LABELS[next.severity].ja}` : null,
      ].filter(Boolean).join('、');
      await repo.insertEvent(trx, { id: newId(), incident_id: id, at: now.toISOString(), kind: 'decision', text: `トリアージ: ${what}`, created_by: actor.userId, created_at: now.toISOString() });
    }
    const obligations = await syncObligations(trx, next);
    await recordAudit(trx, actor, { action: 'incident.update', objectType: 'incident', objectId: id, institutionId: r.institution_id, changes: { ...input, obligations } }, now);
  });
  return getIncident(deps, actor, id);
}

/** One step along new → triage → handling → recovery → closed (or triage → closed for a report that is not an incident). */
export async function moveIncident(deps: Deps, actor: Actor, id: string, to: IncidentState, note?: string) {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const r = await incidentFor(trx, actor, id);
    fail(incidentTransition(r.status, to, { isIncident: bool(r.is_incident), category: r.category, severity: r.severity }));
    const patch: Partial<repo.IncidentRow> = { status: to, updated_at: now.toISOString() };
    // Reaching recovery means the incident was contained, unless a time was recorded before.
    if (to === 'recovery' && !r.contained_at) patch.contained_at = now.toISOString();
    if (to === 'closed') patch.closed_at = now.toISOString();
    if (to === 'triage' && !r.handler_id && actor.userId) patch.handler_id = actor.userId;
    if (!(await repo.moveIncident(trx, id, r.status, patch))) {
      fail({ kind: 'conflict', message: 'インシデントの状態が他の操作で変わりました。画面を更新してください / The incident was changed meanwhile; reload and try again' });
    }
    await repo.insertEvent(trx, {
      id: newId(), incident_id: id, at: now.toISOString(), kind: 'status', created_by: actor.userId, created_at: now.toISOString(),
      text: `状態: ${STATE_LABELS[r.status].ja} → ${STATE_LABELS[to].ja}${note ? `（${note}）` : ''}`,
    });
    await recordAudit(trx, actor, { action: 'incident.status', objectType: 'incident', objectId: id, institutionId: r.institution_id, changes: { from: r.status, to, note: note ?? null } }, now);
  });
  return getIncident(deps, actor, id);
}

/**
 * Several reports of the same thing (five outsiders report one defaced page): a duplicate still
 * in new or triage, with no tasks, evidence or reports made, is merged into another incident. Its
 * reports move over, and the duplicate's record goes (the audit log keeps what it was).
 */
export async function mergeIncident(deps: Deps, actor: Actor, id: string, intoId: string) {
  if (id === intoId) throw new AppError('validation', '同じインシデントには統合できません / Cannot merge an incident into itself', [{ path: 'body.into', message: 'same incident' }]);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const dup = await incidentFor(trx, actor, id);
    const target = await repo.findIncident(trx, intoId);
    if (!target || target.institution_id !== dup.institution_id) throw new AppError('validation', '統合先のインシデントが見つかりません / Target incident not found', [{ path: 'body.into', message: 'not found' }]);
    fail(editable(target.status));
    if (dup.status !== 'new' && dup.status !== 'triage') fail({ kind: 'conflict', message: '統合できるのは受付またはトリアージ中のインシデントだけです / Only incidents in new or triage can be merged' });
    const [tasks, evidence, obligations] = await Promise.all([repo.tasksOf(trx, id), repo.evidenceOf(trx, id), repo.obligationsOf(trx, id)]);
    if (tasks.length || evidence.length || obligations.some((o) => o.done_at)) {
      fail({ kind: 'conflict', message: 'タスク・証拠ファイル・実施済みの報告があるインシデントは統合できません / An incident with tasks, evidence or reports made cannot be merged' });
    }
    const receipts = await repo.moveReports(trx, id, intoId);
    const ref = incidentRef(dup.fiscal_year, dup.seq);
    await repo.insertEvent(trx, {
      id: newId(), incident_id: intoId, at: now.toISOString(), kind: 'note', created_by: actor.userId, created_at: now.toISOString(),
      text: `${ref}「${dup.title}」を重複として統合しました（受付番号 ${receipts.join('、') || 'なし'}）`,
    });
    await repo.updateIncident(trx, intoId, { updated_at: now.toISOString() });
    await repo.deleteIncident(trx, id);
    await recordAudit(trx, actor, {
      action: 'incident.merge', objectType: 'incident', objectId: id, institutionId: dup.institution_id,
      changes: { into: intoId, ref, title: dup.title, status: dup.status, receipts, description: dup.description },
    }, now);
  });
  return getIncident(deps, actor, intoId);
}

export async function addEvent(deps: Deps, actor: Actor, id: string, input: { kind: string; text: string; at?: string | undefined }) {
  const now = deps.now();
  if (input.at && new Date(input.at) > now) throw new AppError('validation', '未来の日時は記録できません / Times cannot be in the future', [{ path: 'body.at', message: 'in the future' }]);
  const eventId = newId();
  await deps.db.transaction().execute(async (trx) => {
    const r = await incidentFor(trx, actor, id);
    fail(editable(r.status));
    const at = input.at ? iso(input.at) : now.toISOString();
    await repo.insertEvent(trx, { id: eventId, incident_id: id, at, kind: input.kind, text: input.text, created_by: actor.userId, created_at: now.toISOString() });
    await repo.updateIncident(trx, id, { updated_at: now.toISOString() });
    await recordAudit(trx, actor, { action: 'incident.timeline', objectType: 'incident', objectId: id, institutionId: r.institution_id, changes: { eventId, kind: input.kind, at, text: input.text } }, now);
  });
  return { id: eventId };
}

function checkDue(d: string | null | undefined) {
  if (d && !isCalendarDate(d)) throw new AppError('validation', '期日が正しくありません / Not a valid date', [{ path: 'body.dueDate', message: 'not a calendar date' }]);
}

async function tellOwner(deps: Deps, trx: Trx, r: repo.IncidentRow, ownerId: string, title: string, due: string | null, now: Date) {
  const ref = incidentRef(r.fiscal_year, r.seq);
  const url = `${deps.config.baseUrl}/incidents/${r.id}`;
  await notifyUsers(trx, 'incidents.task', [ownerId], (locale) => locale === 'ja'
    ? { subject: `[Renkei] インシデント対応のタスク: ${title}`, text: `インシデント ${ref} のタスク「${title}」の担当になりました。${due ? `期日: ${due}` : ''}\n\n${url}\n` }
    : { subject: `[Renkei] Incident task: ${title}`, text: `You own the task "${title}" of incident ${ref}.${due ? ` Due: ${due}` : ''}\n\n${url}\n` }, now);
}

export async function addTask(deps: Deps, actor: Actor, id: string, input: { phase: repo.TaskRow['phase']; title: string; ownerId?: string | null | undefined; dueDate?: string | null | undefined }) {
  checkDue(input.dueDate);
  const now = deps.now();
  const taskId = newId();
  await deps.db.transaction().execute(async (trx) => {
    const r = await incidentFor(trx, actor, id);
    fail(editable(r.status));
    if (input.ownerId) await colleague(trx, r.institution_id, input.ownerId, 'body.ownerId');
    await repo.insertTask(trx, {
      id: taskId, incident_id: id, phase: input.phase, title: input.title, owner_id: input.ownerId ?? null, due_date: input.dueDate ?? null, status: 'open',
      created_by: actor.userId!, created_at: now.toISOString(), updated_at: now.toISOString(), done_at: null,
    });
    if (input.ownerId && input.ownerId !== actor.userId) await tellOwner(deps, trx, r, input.ownerId, input.title, input.dueDate ?? null, now);
    await recordAudit(trx, actor, { action: 'incident.task.create', objectType: 'incident', objectId: id, institutionId: r.institution_id, changes: { taskId, ...input } }, now);
  });
  return { id: taskId };
}

export async function updateTask(deps: Deps, actor: Actor, id: string, taskId: string, input: { title?: string | undefined; ownerId?: string | null | undefined; dueDate?: string | null | undefined; status?: repo.TaskRow['status'] | undefined }) {
  checkDue(input.dueDate);
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const r = await incidentFor(trx, actor, id);
    const t = await repo.findTask(trx, id, taskId);
    if (!t) throw new AppError('not_found', 'タスクが見つかりません / Task not found');
    // Tasks may still be finished after the incident is closed (open actions of the yearly summary).
    if (r.status === 'closed' && (input.title !== undefined || input.ownerId !== undefined || input.dueDate !== undefined)) fail(editable(r.status));
    const patch: Partial<repo.TaskRow> = { updated_at: now.toISOString() };
    if (input.title !== undefined) patch.title = input.title;
    if (input.dueDate !== undefined) patch.due_date = input.dueDate;
    if (input.ownerId !== undefined) {
      if (input.ownerId) await colleague(trx, r.institution_id, input.ownerId, 'body.ownerId');
      patch.owner_id = input.ownerId;
    }
    if (input.status !== undefined && input.status !== t.status) {
      patch.status = input.status;
      patch.done_at = input.status === 'open' ? null : now.toISOString();
    }
    await repo.updateTask(trx, taskId, patch);
    if (input.ownerId && input.ownerId !== t.owner_id && input.ownerId !== actor.userId) await tellOwner(deps, trx, r, input.ownerId, patch.title ?? t.title, patch.due_date ?? t.due_date, now);
    await recordAudit(trx, actor, { action: 'incident.task.update', objectType: 'incident', objectId: id, institutionId: r.institution_id, changes: { taskId, from: t.status, ...input } }, now);
  });
  return getIncident(deps, actor, id);
}

/** Evidence files: the allowed types and content checks of the assessment evidence, within the upload size limit. */
export async function addEvidence(deps: Deps, actor: Actor, id: string, file: UploadedFile, note?: string) {
  const check = checkEvidenceFile(file.filename, file.bytes);
  const now = deps.now();
  const evidenceId = newId();
  await deps.db.transaction().execute(async (trx) => {
    const r = await incidentFor(trx, actor, id);
    fail(editable(r.status));
    if (!check.ok) throw new AppError('unsupported_media_type', check.message, [{ path: 'file', message: 'file type not allowed' }]);
    const sha256 = crypto.createHash('sha256').update(file.bytes).digest('hex');
    await repo.insertEvidence(trx, {
      id: evidenceId, incident_id: id, filename: file.filename, media_type: check.kind.mediaType, size_bytes: file.bytes.length, sha256, content: file.bytes,
      note: note ?? null, created_by: actor.userId!, created_at: now.toISOString(),
    });
    await recordAudit(trx, actor, { action: 'incident.evidence', objectType: 'incident', objectId: id, institutionId: r.institution_id, changes: { evidenceId, filename: file.filename, size: file.bytes.length, sha256, note: note ?? null } }, now);
  });
  return { id: evidenceId };
}

export async function evidenceFile(deps: Deps, actor: Actor, id: string, evidenceId: string) {
  await incidentFor(deps.db, actor, id);
  const e = await repo.evidenceFile(deps.db, id, evidenceId);
  if (!e) throw new AppError('not_found', '証拠ファイルが見つかりません / Evidence not found');
  return { filename: e.filename, mediaType: e.media_type, sha256: e.sha256, bytes: Buffer.from(e.content) };
}

/** Records that a mandatory report was made (date or instant; default now), or clears it (null). */
export async function markObligation(deps: Deps, actor: Actor, id: string, kind: ObligationKind, input: { doneAt?: string | null | undefined; note?: string | undefined }) {
  const now = deps.now();
  let doneAt: string | null;
  if (input.doneAt === null) doneAt = null;
  else if (input.doneAt === undefined) doneAt = now.toISOString();
  else if (/^\d{4}-\d{2}-\d{2}$/.test(input.doneAt)) {
    if (!isCalendarDate(input.doneAt)) throw new AppError('validation', '報告日が正しくありません / Not a valid date', [{ path: 'body.doneAt', message: 'not a calendar date' }]);
    // A date alone: noon JST of that day, so the day shown stays the same in any time zone.
    doneAt = new Date(`${input.doneAt}T12:00:00+09:00`).toISOString();
  } else doneAt = iso(input.doneAt);
  if (doneAt && (new Date(doneAt) > now && jstDate(new Date(doneAt)) > jstDate(now))) {
    throw new AppError('validation', '報告日に未来の日付は指定できません / The report date cannot be in the future', [{ path: 'body.doneAt', message: 'in the future' }]);
  }
  await deps.db.transaction().execute(async (trx) => {
    const r = await incidentFor(trx, actor, id);
    const o = (await repo.obligationsOf(trx, id)).find((x) => x.kind === kind);
    if (!o) throw new AppError('not_found', 'このインシデントにはその報告義務がありません / This incident does not owe that report');
    await repo.updateObligation(trx, id, kind, { done_at: doneAt, done_by: doneAt ? actor.userId : null, note: input.note ?? o.note });
    if (doneAt) {
      await repo.insertEvent(trx, { id: newId(), incident_id: id, at: doneAt, kind: 'communication', text: `${OBLIGATION_LABELS[kind].ja}を行いました${input.note ? `（${input.note}）` : ''}`, created_by: actor.userId, created_at: now.toISOString() });
    }
    await recordAudit(trx, actor, { action: 'incident.obligation', objectType: 'incident', objectId: id, institutionId: r.institution_id, changes: { kind, doneAt, note: input.note ?? null, dueAt: o.due_at } }, now);
  });
  return getIncident(deps, actor, id);
}

// Lessons learned and near misses

function learningView(l: repo.LearningRow) {
  return {
    id: l.id, kind: l.kind, incidentId: l.incident_id, title: l.title, body: l.body, category: l.category,
    categoryLabel: l.category ? CATEGORY_LABELS[l.category as IncidentCategory] : null, improvement: l.improvement, occurredOn: l.occurred_on, fiscalYear: l.fiscal_year, createdAt: l.created_at,
  };
}

export async function createLearning(deps: Deps, actor: Actor, input: { kind: 'lesson' | 'near_miss'; incidentId?: string | undefined; title: string; body: string; category?: IncidentCategory | undefined; improvement?: string | undefined; occurredOn?: string | undefined }) {
  const institutionId = handler(actor);
  const now = deps.now();
  if (input.occurredOn && (!isCalendarDate(input.occurredOn) || input.occurredOn > jstDate(now))) {
    throw new AppError('validation', '発生日が正しくありません（未来の日付は不可） / Not a valid date (not in the future)', [{ path: 'body.occurredOn', message: 'invalid date' }]);
  }
  if (input.kind === 'lesson' && !input.incidentId) {
    throw new AppError('validation', '教訓はインシデントに結びつけて記録してください / A lesson learned belongs to an incident', [{ path: 'body.incidentId', message: 'required for a lesson' }]);
  }
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    let occurredOn = input.occurredOn ?? jstDate(now);
    if (input.incidentId) {
      const r = await repo.findIncident(trx, input.incidentId);
      if (!r || r.institution_id !== institutionId) throw new AppError('validation', 'インシデントが見つかりません / Incident not found', [{ path: 'body.incidentId', message: 'not found' }]);
      if (!input.occurredOn) occurredOn = jstDate(new Date(r.aware_at));
    }
    const row: repo.LearningRow = {
      id, institution_id: institutionId, incident_id: input.incidentId ?? null, kind: input.kind, title: input.title, body: input.body, category: input.category ?? null,
      improvement: input.improvement ?? null, occurred_on: occurredOn, fiscal_year: fiscalYearOf(new Date(`${occurredOn}T12:00:00+09:00`)), created_by: actor.userId!, created_at: now.toISOString(),
    };
    await repo.insertLearning(trx, row);
    await recordAudit(trx, actor, { action: `incident.${input.kind}`, objectType: 'incident_learning', objectId: id, institutionId, changes: { ...input, occurredOn } }, now);
  });
  return learningView((await repo.learningsOf(deps.db, institutionId, {})).find((l) => l.id === id)!);
}

export async function listLearnings(deps: Deps, actor: Actor, f: { kind?: 'lesson' | 'near_miss' | undefined; fiscalYear?: number | undefined }) {
  const institutionId = handler(actor);
  return (await repo.learningsOf(deps.db, institutionId, f)).map(learningView);
}

/**
 * The CISO's yearly summary (fiscal year by the time of awareness): counts by category, severity
 * and state, median time to contain, mandatory reports, open actions, near misses. JSON for now.
 */
export async function yearlySummary(deps: Deps, actor: Actor, fiscalYear?: number) {
  const institutionId = handler(actor);
  const now = deps.now();
  const fy = fiscalYear ?? fiscalYearOf(now);
  const { start, end } = fiscalYearRange(fy);
  const [rows, obligations, openTasks, learnings, users] = await Promise.all([
    repo.incidentsOf(deps.db, institutionId, { from: start.toISOString(), to: end.toISOString() }),
    repo.obligationsOfInstitution(deps.db, institutionId, start.toISOString(), end.toISOString()),
    repo.openTasksOfInstitution(deps.db, institutionId, start.toISOString(), end.toISOString()),
    repo.learningsOf(deps.db, institutionId, { fiscalYear: fy }),
    repo.institutionUsers(deps.db, institutionId),
  ]);
  const names = new Map(users.map((u) => [u.id, u.display_name]));
  const incidentOf = new Map(rows.map((r) => [r.id, r]));
  const confirmed = rows.filter((r) => r.is_incident === 1);
  const hoursToContain = confirmed.filter((r) => r.contained_at).map((r) => (new Date(r.contained_at!).getTime() - new Date(r.aware_at).getTime()) / 3_600_000);
  const med = median(hoursToContain);
  const today = jstDate(now);
  const maxHours = hoursToContain.length ? Math.max(...hoursToContain) : null;
  return {
    institutionId, fiscalYear: fy, fiscalYearLabel: japaneseFiscalYearLabel(fy), from: start.toISOString(), to: end.toISOString(), generatedAt: now.toISOString(),
    /** Everything recorded (incidents, suspicions not yet decided, and reports found not to be incidents). */
    recorded: rows.length,
    incidents: confirmed.length,
    notIncidents: rows.filter((r) => r.is_incident === 0).length,
    undecided: rows.filter((r) => r.is_incident === null).length,
    open: confirmed.filter((r) => r.status !== 'closed').length,
    byCategory: INCIDENT_CATEGORIES.map((c) => ({ category: c, label: CATEGORY_LABELS[c], count: confirmed.filter((r) => r.category === c).length })),
    bySeverity: SEVERITIES.map((s) => ({ severity: s, label: SEVERITY_LABELS[s], count: confirmed.filter((r) => r.severity === s).length })),
    byStatus: INCIDENT_STATES.map((s) => ({ status: s, label: STATE_LABELS[s], count: rows.filter((r) => r.status === s).length })),
    personalDataIncidents: confirmed.filter((r) => r.personal_data === 1).length,
    /** Confirmed incidents by the month (JST) the institution became aware of them, April to March. */
    byMonth: fiscalYearMonths(fy).map((month) => ({ month, count: confirmed.filter((r) => formatJst(r.aware_at).slice(0, 7) === month).length })),
    timeToContain: {
      contained: hoursToContain.length, medianHours: med === null ? null : Math.round(med * 10) / 10, maxHours: maxHours === null ? null : Math.round(maxHours * 10) / 10,
    },
    mandatoryReports: OBLIGATION_KINDS.map((k) => {
      const of = obligations.filter((o) => o.kind === k);
      return {
        kind: k, label: OBLIGATION_LABELS[k], owed: of.length, done: of.filter((o) => o.done_at).length,
        doneLate: of.filter((o) => o.done_at && o.done_at > o.due_at).length, overdue: of.filter((o) => isOverdue({ dueAt: o.due_at, doneAt: o.done_at }, now)).length,
      };
    }),
    openActions: {
      count: openTasks.length, overdue: openTasks.filter((t) => t.due_date !== null && t.due_date < today).length,
      items: [...openTasks].sort((a, b) => (a.due_date ?? '9999-12-31').localeCompare(b.due_date ?? '9999-12-31') || a.created_at.localeCompare(b.created_at)).map((t) => {
        const i = incidentOf.get(t.incident_id);
        return {
          id: t.id, incidentId: t.incident_id, incidentRef: i ? incidentRef(i.fiscal_year, i.seq) : null, incidentTitle: i?.title ?? null, phase: t.phase, title: t.title,
          owner: t.owner_id ? { id: t.owner_id, name: names.get(t.owner_id) ?? null } : null, dueDate: t.due_date, overdue: t.due_date !== null && t.due_date < today,
        };
      }),
    },
    lessonsLearned: learnings.filter((l) => l.kind === 'lesson').length,
    nearMisses: learnings.filter((l) => l.kind === 'near_miss').length,
  };
}
