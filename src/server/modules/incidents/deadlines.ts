/**
 * Mandatory reports of an incident (rules in src/core/incidents/deadlines.ts): kept in step with
 * the incident whenever it changes, and the periodic overdue notice (`renkei incidents overdue`,
 * from cron or a systemd timer). The notice is idempotent: each overdue report is mailed once,
 * marked in the same transaction as its e-mails, so repeated or concurrent runs send nothing more.
 */
import { type Actor, SYSTEM_ACTOR } from '../../../core/access.ts';
import { OBLIGATION_LABELS, type ObligationKind, obligations } from '../../../core/incidents/deadlines.ts';
import { type PersonalDataKind, type Severity, incidentRef } from '../../../core/incidents/rules.ts';
import { formatJst } from '../../../core/time.ts';
import type { Trx } from '../../db/index.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { notifyUsers, registerEventTypes } from '../../platform/outbox/service.ts';
import { activeRoleHolders } from '../../platform/people.ts';
import * as repo from './repo.ts';

registerEventTypes(
  { type: 'incidents.reported', labelJa: 'インシデントの報告の受付（CSIRT）', labelEn: 'New incident reports (CSIRT)', mandatory: true },
  { type: 'incidents.deadline_overdue', labelJa: 'インシデントの報告期限の超過（個人情報保護委員会・文部科学省・CISO）', labelEn: 'Overdue mandatory incident reports', mandatory: true },
  { type: 'incidents.receipt', labelJa: 'インシデントの報告の受付確認（報告者）', labelEn: 'Receipt of my incident reports' },
  { type: 'incidents.task', labelJa: 'インシデント対応のタスクの割り当て', labelEn: 'Incident tasks assigned to me' },
);

export function personalFacts(row: repo.IncidentRow) {
  return {
    // A report judged not to be an incident owes nothing; a suspicion still does (漏えい等の「おそれ」).
    involved: row.personal_data === 1 && row.is_incident !== 0,
    count: row.personal_data_count,
    kinds: JSON.parse(row.personal_data_kinds) as PersonalDataKind[],
    unauthorisedPurpose: row.unauthorised_purpose === 1,
  };
}

/** Brings the obligation rows in line with the incident: adds new ones, moves open deadlines, drops open ones no longer owed. Done ones stay. */
export async function syncObligations(trx: Trx, row: repo.IncidentRow): Promise<{ added: string[]; moved: string[]; dropped: string[] }> {
  const owed = obligations(new Date(row.aware_at), personalFacts(row), row.severity as Severity | null);
  const existing = await repo.obligationsOf(trx, row.id);
  const out = { added: [] as string[], moved: [] as string[], dropped: [] as string[] };
  for (const o of owed) {
    const e = existing.find((x) => x.kind === o.kind);
    if (!e) {
      await repo.insertObligation(trx, { incident_id: row.id, kind: o.kind, due_at: o.dueAt.toISOString(), target_at: o.targetAt.toISOString(), basis: o.basis, done_at: null, done_by: null, note: null, overdue_notified_at: null });
      out.added.push(o.kind);
    } else if (!e.done_at && (new Date(e.due_at).getTime() !== o.dueAt.getTime() || e.basis !== o.basis)) {
      // A later deadline may be overdue no longer: a new notice is due if it passes again.
      await repo.updateObligation(trx, row.id, o.kind, { due_at: o.dueAt.toISOString(), target_at: o.targetAt.toISOString(), basis: o.basis, overdue_notified_at: null });
      out.moved.push(o.kind);
    }
  }
  for (const e of existing) {
    if (!e.done_at && !owed.some((o) => o.kind === e.kind)) {
      await repo.deleteObligation(trx, row.id, e.kind);
      out.dropped.push(e.kind);
    }
  }
  return out;
}

export interface OverdueRun {
  notified: { incidentId: string; kind: ObligationKind; dueAt: string; emails: number }[];
}

function overdueMail(deps: Deps, row: repo.IncidentRow, kind: ObligationKind, dueAt: string) {
  const ref = incidentRef(row.fiscal_year, row.seq);
  const url = `${deps.config.baseUrl}/incidents/${row.id}`;
  return (locale: 'ja' | 'en') => locale === 'ja'
    ? {
      subject: `[Renkei]【期限超過】${OBLIGATION_LABELS[kind].ja}: ${ref}`,
      text: `インシデント ${ref}「${row.title}」の${OBLIGATION_LABELS[kind].ja}が期限（${formatJst(dueAt)}）を過ぎています。\n`
        + '報告を済ませたら、Renkei で報告日を記録してください。\n\n' + `${url}\n`,
    }
    : {
      subject: `[Renkei] [OVERDUE] ${OBLIGATION_LABELS[kind].en}: ${ref}`,
      text: `The ${OBLIGATION_LABELS[kind].en.toLowerCase()} of incident ${ref} "${row.title}" was due by ${formatJst(dueAt)} JST.\n`
        + 'Once it is made, record the date in Renkei.\n\n' + `${url}\n`,
    };
}

export async function notifyOverdue(deps: Deps, actor: Actor = SYSTEM_ACTOR): Promise<OverdueRun> {
  const now = deps.now();
  const out: OverdueRun = { notified: [] };
  for (const c of await repo.overdueUnnotified(deps.db, now.toISOString())) {
    const result = await deps.db.transaction().execute(async (trx) => {
      if (!(await repo.claimOverdueNotice(trx, c.incident_id, c.kind, now.toISOString()))) return null; // done or notified meanwhile
      const row = (await repo.findIncident(trx, c.incident_id))!;
      const to = await activeRoleHolders(trx, row.institution_id, ['csirt', 'ciso']);
      const emails = await notifyUsers(trx, 'incidents.deadline_overdue', to, overdueMail(deps, row, c.kind, c.due_at), now);
      await recordAudit(trx, actor, { action: 'incident.obligation_overdue', objectType: 'incident', objectId: row.id, institutionId: row.institution_id, changes: { kind: c.kind, dueAt: c.due_at, recipients: to, emails } }, now);
      return { incidentId: row.id, kind: c.kind, dueAt: c.due_at, emails };
    });
    if (result) out.notified.push(result);
  }
  return out;
}
