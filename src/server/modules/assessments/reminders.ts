/**
 * Reminder e-mails to respondents who have not submitted everything, N days before the deadline
 * and N days after it. Run periodically (`renkei assessments remind`, or a timer); each stage is
 * sent once per respondent, so running it again the same day sends nothing more.
 */
import { isOutstanding } from '../../../core/assessments/analysis.ts';
import { daysLeft, dueStage } from '../../../core/assessments/reminders.ts';
import { type Actor, SYSTEM_ACTOR } from '../../../core/access.ts';
import { formatJst } from '../../../core/time.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { notifyUsers } from '../../platform/outbox/service.ts';
import { SELF_INSPECTION, slotsOf } from './context.ts';
import * as repo from './repo.ts';

export interface ReminderRun {
  campaigns: { campaignId: string; stage: string; reminded: number; emails: number }[];
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
  const out: ReminderRun = { campaigns: [] };
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
