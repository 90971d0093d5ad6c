/**
 * Reports: members report from the app, outsiders through the public form. Each report opens an
 * incident in state `new` (the CSIRT queue) and mails the institution's CSIRT. The public form is
 * rate-limited per address, has a honeypot and size limits, and answers a random receipt number.
 */
import crypto from 'node:crypto';
import { type Actor, SYSTEM_ACTOR, can } from '../../../core/access.ts';
import { PUBLIC_REPORT_RULE, STATE_LABELS, incidentRef, publicReportAllowed, receiptNumber } from '../../../core/incidents/rules.ts';
import { fiscalYearOf, formatJst } from '../../../core/time.ts';
import type { Db, Trx } from '../../db/index.ts';
import { lockForSequence } from '../../db/dialect.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyUsers } from '../../platform/outbox/service.ts';
import { activeRoleHolders } from '../../platform/people.ts';
import { newId } from '../../platform/secrets.ts';
import './deadlines.ts';
import * as repo from './repo.ts';

const INTAKE_LOCK = 0x494e4344; // "INCD": serialises receipt numbers, references and the rate count on PostgreSQL

const random = () => crypto.randomInt(0, 1_000_000) / 1_000_000;

async function freshReceipt(trx: Trx, institutionId: string, now: Date): Promise<string> {
  for (;;) {
    const no = receiptNumber(now, random);
    if (!(await repo.receiptTaken(trx, institutionId, no))) return no;
  }
}

interface NewReport {
  institutionId: string;
  channel: 'member' | 'public';
  reporterId: string | null;
  contact: { name?: string | undefined; email?: string | undefined; phone?: string | undefined; affiliation?: string | undefined };
  subject: string;
  body: string;
  suspicion: boolean;
  occurredAt: string | null;
  ip: string | null;
}

/** The report, the incident it opens, the first timeline entry and the CSIRT's e-mail, in the caller's transaction. */
async function openFromReport(deps: Deps, trx: Trx, actor: Actor, r: NewReport, now: Date) {
  await lockForSequence(trx, INTAKE_LOCK);
  const at = now.toISOString();
  const fiscalYear = fiscalYearOf(now);
  const seq = await repo.nextSeq(trx, r.institutionId, fiscalYear);
  const incidentId = newId();
  const reportId = newId();
  const receiptNo = await freshReceipt(trx, r.institutionId, now);
  await repo.insertIncident(trx, {
    id: incidentId, institution_id: r.institutionId, fiscal_year: fiscalYear, seq, title: r.subject, description: r.body, status: 'new', is_incident: null,
    category: null, severity: null, occurred_at: r.occurredAt, aware_at: at, contained_at: null, closed_at: null, personal_data: 0, personal_data_count: null,
    personal_data_kinds: '[]', unauthorised_purpose: 0, handler_id: null, created_by: r.reporterId, created_at: at, updated_at: at,
  });
  await repo.insertReport(trx, {
    id: reportId, institution_id: r.institutionId, incident_id: incidentId, receipt_no: receiptNo, channel: r.channel, reporter_id: r.reporterId,
    contact_name: r.contact.name ?? null, contact_email: r.contact.email ?? null, contact_phone: r.contact.phone ?? null, contact_affiliation: r.contact.affiliation ?? null,
    subject: r.subject, body: r.body, suspicion: r.suspicion ? 1 : 0, occurred_at: r.occurredAt, source_ip: r.ip, created_at: at,
  });
  await repo.insertEvent(trx, {
    id: newId(), incident_id: incidentId, at, kind: 'note', created_by: r.reporterId, created_at: at,
    text: `${r.channel === 'public' ? '外部の報告フォーム' : '構成員'}からの${r.suspicion ? '疑いの' : ''}報告を受け付けました（受付番号 ${receiptNo}）`,
  });
  let to = await activeRoleHolders(trx, r.institutionId, ['csirt']);
  if (!to.length) to = await activeRoleHolders(trx, r.institutionId, ['ciso', 'admin']);
  const ref = incidentRef(fiscalYear, seq);
  const url = `${deps.config.baseUrl}/incidents/${incidentId}`;
  const via = { ja: r.channel === 'public' ? '外部の報告フォーム' : '構成員', en: r.channel === 'public' ? 'the public report form' : 'a member' };
  const emails = await notifyUsers(trx, 'incidents.reported', to, (locale) => locale === 'ja'
    ? { subject: `[Renkei] インシデントの報告を受け付けました: ${ref}`, text: `${via.ja}から${r.suspicion ? '疑いの' : ''}報告がありました（受付番号 ${receiptNo}、${formatJst(at)}）。\n件名: ${r.subject}\n\nトリアージしてください。\n${url}\n` }
    : { subject: `[Renkei] New incident report: ${ref}`, text: `A report came in from ${via.en} (receipt ${receiptNo}, ${formatJst(at)} JST).\nSubject: ${r.subject}\n\nPlease triage it.\n${url}\n` }, now);
  if (r.reporterId) {
    const mine = `${deps.config.baseUrl}/incidents/reports/mine`;
    await notifyUsers(trx, 'incidents.receipt', [r.reporterId], (locale) => locale === 'ja'
      ? { subject: `[Renkei] 報告を受け付けました（受付番号 ${receiptNo}）`, text: `「${r.subject}」の報告を受け付けました（${formatJst(at)}）。CSIRT が確認します。\n進み具合はこちらで確認できます。\n${mine}\n` }
      : { subject: `[Renkei] Report received (receipt ${receiptNo})`, text: `Your report "${r.subject}" was received (${formatJst(at)} JST). The CSIRT will look into it.\nFollow it here:\n${mine}\n` }, now);
  }
  await recordAudit(trx, actor, {
    action: 'incident.report', objectType: 'incident', objectId: incidentId, institutionId: r.institutionId,
    changes: { reportId, receiptNo, channel: r.channel, ref, suspicion: r.suspicion, subject: r.subject, notified: emails },
  }, now);
  return { reportId, incidentId, receiptNo };
}

/** 429 with the seconds until the next report is accepted (the route sends them as Retry-After). */
export class ReportRateLimited extends AppError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super('too_many_requests', message);
  }
}

async function memberInstitution(q: Db | Trx, code: string) {
  const inst = await repo.institutionByCode(q, code.toLowerCase());
  if (!inst || inst.kind !== 'member') {
    throw new AppError('validation', '報告先の機関が見つかりません / No such institution', [{ path: 'body.institutionCode', message: 'unknown institution' }]);
  }
  return inst;
}

function checkOccurredAt(occurredAt: string | undefined, now: Date) {
  if (occurredAt && new Date(occurredAt).getTime() > now.getTime() + 5 * 60_000) {
    throw new AppError('validation', '発生日時に未来の日時は指定できません / The time of occurrence cannot be in the future', [{ path: 'body.occurredAt', message: 'in the future' }]);
  }
}

/** Where outsiders can report: member institutions and their published contact points for outsiders. */
export async function publicInstitutions(deps: Deps) {
  return (await repo.memberInstitutions(deps.db)).map((i) => ({
    code: i.code, nameJa: i.name_ja, nameEn: i.name_en, externalReportEmail: i.external_report_email, externalReportUrl: i.external_report_url,
  }));
}

export interface PublicReportInput {
  institutionCode: string;
  name?: string | undefined;
  email: string;
  phone?: string | undefined;
  affiliation?: string | undefined;
  subject: string;
  description: string;
  occurredAt?: string | undefined;
  website?: string | undefined;
}

export async function submitPublicReport(deps: Deps, input: PublicReportInput, ip: string) {
  const now = deps.now();
  const answer = (receiptNo: string) => ({
    receiptNo, receivedAt: now.toISOString(), receivedAtJst: formatJst(now),
    message: 'ご報告ありがとうございます。担当の CSIRT が内容を確認します。お問い合わせの際は受付番号をお知らせください。 / Thank you. The CSIRT will look into your report; please quote the receipt number.',
  });
  checkOccurredAt(input.occurredAt, now);
  const institution = (i: { code: string; name_ja: string; name_en: string }) => ({ code: i.code, nameJa: i.name_ja, nameEn: i.name_en });
  // Bots fill every field: answer exactly as if accepted (so they learn nothing) and keep nothing.
  if (input.website && input.website.trim() !== '') {
    const inst = await memberInstitution(deps.db, input.institutionCode);
    return { ...answer(receiptNumber(now, random)), institution: institution(inst) };
  }
  const actor: Actor = { ...SYSTEM_ACTOR, label: 'public-report-form', ip };
  return deps.db.transaction().execute(async (trx) => {
    await lockForSequence(trx, INTAKE_LOCK);
    const since = new Date(now.getTime() - PUBLIC_REPORT_RULE.windowMinutes * 60_000).toISOString();
    const allowed = publicReportAllowed(await repo.publicReportTimes(trx, ip, since, PUBLIC_REPORT_RULE.max), now);
    if (!allowed.ok) {
      const minutes = Math.ceil(allowed.retryAfterSeconds / 60);
      throw new ReportRateLimited(`この接続元からの報告が多すぎます。約 ${minutes} 分後に再度お送りいただくか、機関の窓口に電話・メールでご連絡ください / Too many reports from this address; try again in about ${minutes} minutes or contact the institution directly`, allowed.retryAfterSeconds);
    }
    const inst = await memberInstitution(trx, input.institutionCode);
    const r = await openFromReport(deps, trx, actor, {
      institutionId: inst.id, channel: 'public', reporterId: null,
      contact: { name: input.name, email: input.email, phone: input.phone, affiliation: input.affiliation },
      subject: input.subject, body: input.description, suspicion: false, occurredAt: input.occurredAt ? new Date(input.occurredAt).toISOString() : null, ip,
    }, now);
    return { ...answer(r.receiptNo), institution: institution(inst) };
  });
}

export async function submitMemberReport(deps: Deps, actor: Actor, input: { subject: string; description: string; suspicion: boolean; occurredAt?: string | undefined }) {
  if (!can.reportIncident(actor)) throw new AppError('forbidden', 'この操作を行う権限がありません / You do not have permission to do this');
  const now = deps.now();
  checkOccurredAt(input.occurredAt, now);
  const r = await deps.db.transaction().execute((trx) => openFromReport(deps, trx, actor, {
    institutionId: actor.institutionId!, channel: 'member', reporterId: actor.userId, contact: {}, subject: input.subject, body: input.description,
    suspicion: input.suspicion, occurredAt: input.occurredAt ? new Date(input.occurredAt).toISOString() : null, ip: actor.ip,
  }, now));
  return { id: r.reportId, receiptNo: r.receiptNo, receivedAt: now.toISOString(), status: 'new' as const };
}

/** A reporter's own reports and where the incident they raised stands (nothing of its handling). */
export async function myReports(deps: Deps, actor: Actor) {
  if (!actor.userId || !actor.institutionId) throw new AppError('forbidden', 'この操作を行う権限がありません / You do not have permission to do this');
  const rows = await repo.reportsOfReporter(deps.db, actor.userId);
  return rows.filter((r) => can.readIncidentReport(actor, { institutionId: r.institution_id, reporterId: r.reporter_id })).map((r) => {
    const status = (r.incident_status ?? 'new') as keyof typeof STATE_LABELS;
    return {
      id: r.id, receiptNo: r.receipt_no, subject: r.subject, description: r.body, suspicion: r.suspicion === 1, occurredAt: r.occurred_at, createdAt: r.created_at,
      status, statusLabel: STATE_LABELS[status], closedAt: r.incident_closed_at ?? null,
    };
  });
}
