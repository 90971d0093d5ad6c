/**
 * Reminder e-mails to respondents who have not submitted everything, N days before the deadline
 * and N days after it, and to the auditee's managers for evidence requests due or overdue. Run
 * periodically (`renkei assessments remind`, or a timer); each stage is sent once per person, so
 * running it again the same day sends nothing more.
 */
import { isOutstanding } from '../../../core/assessments/analysis.ts';
import { daysLeft, dueStage, requestReminderStage } from '../../../core/assessments/reminders.ts';
import { jstDate } from '../../../core/assessments/rules.ts';
import { type Actor, SYSTEM_ACTOR } from '../../../core/access.ts';
import { formatJst } from '../../../core/time.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { notifyUsers, registerEventTypes } from '../../platform/outbox/service.ts';
import { activeRoleHolders } from '../../platform/people.ts';
import * as arepo from './audits-repo.ts';
import { SELF_INSPECTION, slotsOf } from './context.ts';
import * as repo from './repo.ts';

registerEventTypes(
  { type: 'audits.request_reminder', labelJa: '監査の資料依頼の期限（前日・当日・超過）', labelEn: 'Audit evidence requests due or overdue' },
);

/** Who answers evidence requests for the auditee (can.runAudits). */
const AUDITEE_MANAGERS = ['admin', 'ciso', 'coordinator'] as const;

export interface ReminderRun {
  campaigns: { campaignId: string; stage: string; reminded: number; emails: number }[];
  requests: { auditId: string; requestId: string; stage: string; reminded: number; emails: number }[];
}

function mail(deps: Deps, row: repo.AssessmentRow, outstanding: number, now: Date) {
  const left = daysLeft(new Date(row.deadline), now);
  const url = `${deps.config.baseUrl}/assessments/campaigns/${row.id}`;
  return (locale: 'ja' | 'en') => locale === 'ja'
    ? {
      subject: `[Renkei] ${left >= 0 ? '' : '【期限超過】'}自己点検の回答のお願い: ${row.title}`,
      text: `「${row.title}」（${row.fiscal_year}年度）で、未提出の項目が ${outstanding} 件あります。\n`
        + `回答期限: ${formatJst(row.deadline)}（${left >= 0 ? `あと ${left} 日` : `${-left} 日超過`}）\n\n回答して提出してください。\n${url}\n`,
    }
    : {
      subject: `[Renkei] ${left >= 0 ? '' : '[OVERDUE] '}Self-inspection reminder: ${row.title}`,
      text: `You have ${outstanding} item(s) not yet submitted in "${row.title}" (FY${row.fiscal_year}).\n`
        + `Deadline: ${formatJst(row.deadline)} JST (${left >= 0 ? `${left} day(s) left` : `${-left} day(s) overdue`})\n\nPlease answer and submit them.\n${url}\n`,
    };
}

export async function sendReminders(deps: Deps, actor: Actor = SYSTEM_ACTOR): Promise<ReminderRun> {
  const now = deps.now();
  const out: ReminderRun = { campaigns: [], requests: await remindRequests(deps, actor, now) };
  for (const candidate of await repo.openAssessments(deps.db, SELF_INSPECTION)) {
    const stage = dueStage(new Date(candidate.deadline), now, JSON.parse(candidate.remind_before_days) as number[], JSON.parse(candidate.remind_after_days) as number[], candidate.opened_at ? new Date(candidate.opened_at) : null);
    if (!stage) continue;
    const result = await deps.db.transaction().execute(async (trx) => {
      const row = await repo.findAssessment(trx, candidate.id);
      if (!row || row.status !== 'open') return null; // closed meanwhile
      const { slots } = await slotsOf(trx, row, await repo.assignmentsOf(trx, row.id));
      const outstanding = new Map<string, number>();
      for (const s of slots) if (isOutstanding(s)) outstanding.set(s.respondentId, (outstanding.get(s.respondentId) ?? 0) + 1);
      const done = await repo.remindedUsers(trx, row.id, stage.key);
      const due = await repo.recordReminders(trx, row.id, stage.key, [...outstanding.keys()].filter((u) => !done.has(u)), now.toISOString());
      if (!due.length) return null;
      let emails = 0;
      // Each respondent gets their own count of outstanding items.
      for (const userId of due) emails += await notifyUsers(trx, 'assessments.reminder', [userId], mail(deps, row, outstanding.get(userId)!, now), now);
      await recordAudit(trx, actor, { action: 'assessment.remind', objectType: 'assessment', objectId: row.id, institutionId: row.institution_id, changes: { stage: stage.key, respondents: due, emails } }, now);
      return { campaignId: row.id, stage: stage.key, reminded: due.length, emails };
    });
    if (result) out.campaigns.push(result);
  }
  return out;
}

function requestMail(deps: Deps, r: { assessment_id: string; title: string; due_date: string; audit_title: string }, overdue: boolean) {
  const url = `${deps.config.baseUrl}/assessments/audits/${r.assessment_id}`;
  return (locale: 'ja' | 'en') => locale === 'ja'
    ? {
      subject: `[Renkei] ${overdue ? '【期限超過】' : ''}監査の資料依頼: ${r.title}`,
      text: `「${r.audit_title}」で監査チームから依頼された資料「${r.title}」が${overdue ? '期限を過ぎています' : 'まもなく期限です'}。\n`
        + `提出期限: ${r.due_date}（日本時間）\n\n証跡を登録して提出してください。\n${url}\n`,
    }
    : {
      subject: `[Renkei] ${overdue ? '[OVERDUE] ' : ''}Audit evidence request: ${r.title}`,
      text: `The audit team of "${r.audit_title}" asked for "${r.title}", ${overdue ? 'which is overdue' : 'which is due soon'}.\n`
        + `Due: ${r.due_date} (JST)\n\nPlease provide the evidence.\n${url}\n`,
    };
}

/** The auditee's managers hear of each open evidence request the day before it is due, on the day, and once overdue. */
async function remindRequests(deps: Deps, actor: Actor, now: Date): Promise<ReminderRun['requests']> {
  const today = jstDate(now);
  const out: ReminderRun['requests'] = [];
  for (const candidate of await arepo.openRequestsToRemind(deps.db)) {
    const stage = requestReminderStage(candidate.due_date, today);
    if (!stage) continue;
    const key = `${stage.key}:${candidate.id}`;
    const result = await deps.db.transaction().execute(async (trx) => {
      // Provided or the audit moved on meanwhile: nothing to remind of.
      const r = (await arepo.openRequestsToRemind(trx, candidate.id)).find((x) => x.due_date === candidate.due_date);
      if (!r) return null;
      const due = await repo.recordReminders(trx, r.assessment_id, key, await activeRoleHolders(trx, r.institution_id, AUDITEE_MANAGERS), now.toISOString());
      if (!due.length) return null;
      const emails = await notifyUsers(trx, 'audits.request_reminder', due, requestMail(deps, r, stage.overdue), now);
      await recordAudit(trx, actor, { action: 'audit.request_remind', objectType: 'audit', objectId: r.assessment_id, institutionId: r.institution_id, changes: { requestId: r.id, stage: stage.key, recipients: due, emails } }, now);
      return { auditId: r.assessment_id, requestId: r.id, stage: stage.key, reminded: due.length, emails };
    });
    if (result) out.push(result);
  }
  return out;
}
