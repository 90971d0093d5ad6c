/**
 * When respondents who have not submitted get a reminder: N days before the deadline and
 * N days after it. The job runs periodically; each stage is sent once per respondent (the
 * service records it), and after downtime only the latest stage due is sent, not a burst of
 * all the missed ones. Pure: no I/O.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReminderStage {
  /**
   * `before-7@2027-01-31`: the key recorded per respondent. It carries the deadline (JST date), so
   * moving the deadline starts the reminders afresh.
   */
  key: string;
  kind: 'before' | 'after';
  days: number;
  at: Date;
}

export function reminderStages(deadline: Date, beforeDays: readonly number[], afterDays: readonly number[]): ReminderStage[] {
  const day = new Date(deadline.getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const stages: ReminderStage[] = [
    ...[...new Set(beforeDays)].map((d) => ({ key: `before-${d}@${day}`, kind: 'before' as const, days: d, at: new Date(deadline.getTime() - d * DAY_MS) })),
    ...[...new Set(afterDays)].map((d) => ({ key: `after-${d}@${day}`, kind: 'after' as const, days: d, at: new Date(deadline.getTime() + d * DAY_MS) })),
  ];
  return stages.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The latest stage whose time has come, or null before the first one. Stages that passed before
 * `openedAt` are skipped: the request sent on opening the campaign stands in for them.
 */
export function dueStage(deadline: Date, now: Date, beforeDays: readonly number[], afterDays: readonly number[], openedAt?: Date | null): ReminderStage | null {
  let due: ReminderStage | null = null;
  for (const s of reminderStages(deadline, beforeDays, afterDays)) {
    if (s.at.getTime() <= now.getTime() && (!openedAt || s.at.getTime() >= openedAt.getTime())) due = s;
  }
  return due;
}

/** Whole days left until the deadline (negative when overdue), for the message. */
export function daysLeft(deadline: Date, now: Date): number {
  const ms = deadline.getTime() - now.getTime();
  return ms >= 0 ? Math.ceil(ms / DAY_MS) : -Math.ceil(-ms / DAY_MS);
}

/**
 * Reminders for an open evidence request of an audit, by JST calendar date: `due-soon` on the
 * day before and the day it is due, `overdue` from the day after. The key carries the due date,
 * so a request given a new date is reminded afresh; each key is sent once per person.
 */
export function requestReminderStage(dueDate: string, today: string): { key: string; overdue: boolean } | null {
  const dayBefore = new Date(Date.parse(`${dueDate}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
  if (today > dueDate) return { key: `request-overdue@${dueDate}`, overdue: true };
  if (today >= dayBefore) return { key: `request-due-soon@${dueDate}`, overdue: false };
  return null;
}
