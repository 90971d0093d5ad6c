/**
 * Rules of self-inspection campaigns (and, later, audits on the same engine): states and their
 * transitions, what an answer needs before it is submitted, improvement item states.
 * Pure: no I/O. A refused change comes back as a RuleViolation naming the reason in Japanese
 * and English; the service turns it into an error and changes nothing.
 */

export const CAMPAIGN_STATES = ['draft', 'open', 'closed'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** 実施している / 一部実施 / 実施していない / 該当しない */
export const ANSWER_RESULTS = ['implemented', 'partial', 'not_implemented', 'not_applicable'] as const;
export type AnswerResult = (typeof ANSWER_RESULTS)[number];

/** A sent-back answer is a draft again, carrying the reviewer's comment. */
export const ANSWER_STATES = ['draft', 'submitted', 'accepted'] as const;
export type AnswerState = (typeof ANSWER_STATES)[number];

export const IMPROVEMENT_STATES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ImprovementState = (typeof IMPROVEMENT_STATES)[number];

export const RESULT_LABELS: Record<AnswerResult, { ja: string; en: string }> = {
  implemented: { ja: '実施している', en: 'Implemented' },
  partial: { ja: '一部実施', en: 'Partially implemented' },
  not_implemented: { ja: '実施していない', en: 'Not implemented' },
  not_applicable: { ja: '該当しない', en: 'Not applicable' },
};

export const CAMPAIGN_STATE_LABELS: Record<CampaignState, { ja: string; en: string }> = {
  draft: { ja: '準備中', en: 'draft' },
  open: { ja: '実施中', en: 'open' },
  closed: { ja: '終了', en: 'closed' },
};

export const ANSWER_STATE_LABELS: Record<AnswerState, { ja: string; en: string }> = {
  draft: { ja: '下書き', en: 'draft' },
  submitted: { ja: '提出済み', en: 'submitted' },
  accepted: { ja: '承認済み', en: 'accepted' },
};

export const IMPROVEMENT_STATE_LABELS: Record<ImprovementState, { ja: string; en: string }> = {
  open: { ja: '未着手', en: 'open' },
  in_progress: { ja: '対応中', en: 'in progress' },
  done: { ja: '完了', en: 'done' },
  cancelled: { ja: '取り消し', en: 'cancelled' },
};

/** Answers that call for an improvement item. */
export const NEEDS_IMPROVEMENT: readonly AnswerResult[] = ['partial', 'not_implemented'];

export interface RuleViolation {
  /** conflict: the object's state does not allow it; validation: the input is incomplete. */
  kind: 'conflict' | 'validation';
  /** Japanese first, then English. */
  message: string;
  /** The input field at fault, for validation errors. */
  field?: string;
}

const violation = (kind: RuleViolation['kind'], ja: string, en: string, field?: string): RuleViolation => ({ kind, message: `${ja} / ${en}`, ...(field ? { field } : {}) });

const CAMPAIGN_NEXT: Record<CampaignState, CampaignState[]> = { draft: ['open'], open: ['closed'], closed: [] };

export function campaignTransition(from: CampaignState, to: CampaignState): RuleViolation | null {
  if (CAMPAIGN_NEXT[from].includes(to)) return null;
  return violation(
    'conflict',
    `点検を「${CAMPAIGN_STATE_LABELS[from].ja}」から「${CAMPAIGN_STATE_LABELS[to].ja}」にはできません（準備中 → 実施中 → 終了の順です）`,
    `A campaign cannot go from ${from} to ${to} (draft → open → closed)`,
  );
}

/** What opening a campaign needs: someone to answer, and a deadline still ahead. */
export function canOpen(input: { assignments: number; deadline: string; now: string }): RuleViolation | null {
  if (input.assignments === 0) return violation('conflict', '担当者が割り当てられていないため開始できません', 'Assign the items to people or roles before opening the campaign');
  if (input.deadline <= input.now) return violation('conflict', '回答期限が過ぎているため開始できません。期限を変更してください', 'The deadline has passed; change it before opening the campaign');
  return null;
}

/** Settings (title, deadline, owner, assignments) can change until the campaign closes. */
export function campaignEditable(state: CampaignState): RuleViolation | null {
  return state === 'closed' ? violation('conflict', '終了した点検は変更できません', 'A closed campaign cannot be changed') : null;
}

/** Respondents write only while the campaign is open, and only drafts (a submitted answer waits for review). */
export function canEditAnswer(campaign: CampaignState, answer: AnswerState | null): RuleViolation | null {
  if (campaign === 'draft') return violation('conflict', 'この点検はまだ開始されていません', 'This campaign has not been opened yet');
  if (campaign === 'closed') return violation('conflict', 'この点検は終了しているため回答できません', 'This campaign is closed; answers can no longer be changed');
  if (answer === 'submitted') return violation('conflict', '提出済みの回答は変更できません。差し戻しを待つか、点検の責任者に連絡してください', 'A submitted answer cannot be changed unless the reviewer sends it back');
  if (answer === 'accepted') return violation('conflict', '承認済みの回答は変更できません', 'An accepted answer cannot be changed');
  return null;
}

/** Submitting needs a result; 該当しない and the gaps (一部実施 / 実施していない) need a comment saying why or what is missing. */
export function canSubmit(campaign: CampaignState, answer: { state: AnswerState; result: AnswerResult | null; comment: string | null } | null): RuleViolation | null {
  const edit = canEditAnswer(campaign, answer?.state ?? null);
  if (edit) return edit;
  if (!answer || !answer.result) return violation('validation', '回答（実施している／一部実施／実施していない／該当しない）を選んでから提出してください', 'Choose a result before submitting', 'body.result');
  if (answer.result !== 'implemented' && !answer.comment?.trim()) {
    return violation('validation', `「${RESULT_LABELS[answer.result].ja}」の場合は、理由や状況をコメントに書いてください`, `Add a comment explaining "${RESULT_LABELS[answer.result].en}"`, 'body.comment');
  }
  return null;
}

/** The reviewer decides on submitted answers of an open campaign; sending back needs a comment. */
export function canReview(campaign: CampaignState, answer: AnswerState, decision: 'send_back' | 'accept', comment: string | null | undefined): RuleViolation | null {
  if (campaign !== 'open') return violation('conflict', `「${CAMPAIGN_STATE_LABELS[campaign].ja}」の点検の回答は確認できません`, `Answers can be reviewed only while the campaign is open (it is ${campaign})`);
  if (answer !== 'submitted') {
    return violation('conflict', `この回答は${ANSWER_STATE_LABELS[answer].ja}のため、${decision === 'accept' ? '承認' : '差し戻し'}できません（提出済みの回答のみ）`, `Only submitted answers can be ${decision === 'accept' ? 'accepted' : 'sent back'} (this one is ${answer})`);
  }
  if (decision === 'send_back' && !comment?.trim()) return violation('validation', '差し戻す理由をコメントに書いてください', 'Say why the answer is sent back', 'body.comment');
  return null;
}

const IMPROVEMENT_NEXT: Record<ImprovementState, ImprovementState[]> = {
  open: ['in_progress', 'done', 'cancelled'],
  in_progress: ['done', 'cancelled', 'open'],
  done: ['in_progress'],
  cancelled: ['open'],
};

export function improvementTransition(from: ImprovementState, to: ImprovementState): RuleViolation | null {
  if (from === to || IMPROVEMENT_NEXT[from].includes(to)) return null;
  return violation('conflict', `改善項目を「${IMPROVEMENT_STATE_LABELS[from].ja}」から「${IMPROVEMENT_STATE_LABELS[to].ja}」にはできません`, `An improvement item cannot go from ${from} to ${to}`);
}

/** An improvement item is raised from a final answer that found a gap. */
export function canRaiseImprovement(answer: { state: AnswerState; result: AnswerResult | null }): RuleViolation | null {
  if (answer.state === 'draft') return violation('conflict', '下書きの回答からは改善項目を作れません（提出後に作成してください）', 'Improvement items come from submitted answers, not drafts');
  if (!answer.result || !NEEDS_IMPROVEMENT.includes(answer.result)) {
    return violation('conflict', '改善項目は「一部実施」または「実施していない」の回答から作成します', 'Improvement items are raised from partially implemented or not implemented answers');
  }
  return null;
}

/**
 * The chapter an item belongs to, from its citation: `6.1.2(1)①` → `6`, `7.1.4(2)②(a)` → `7`,
 * `第32条第3項` → `第32条`, `A.5.1` → `A.5`. Items with no recognisable number form their own group.
 */
export function chapterOf(citation: string): string {
  const c = citation.normalize('NFKC').trim();
  const article = /^(第[0-9一二三四五六七八九十百〇]+条(?:の[0-9一二三四五六七八九十]+)?)/.exec(c);
  if (article) return article[1]!;
  const annex = /^([A-Za-z])\.?(\d+)/.exec(c);
  if (annex) return `${annex[1]!.toUpperCase()}.${annex[2]}`;
  const outline = /^(\d+)(?=[.．(（]|$)/.exec(c);
  if (outline) return outline[1]!;
  return c.split(/[\s(（]/)[0] || c;
}

/** Orders chapters as people read them: numbers numerically, then the rest. */
export function compareChapters(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? Number(a) : Number.NaN;
  const nb = /^\d+$/.test(b) ? Number(b) : Number.NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (!Number.isNaN(na)) return -1;
  if (!Number.isNaN(nb)) return 1;
  return a.localeCompare(b, 'ja', { numeric: true });
}

/**
 * Whether an item falls under a citation prefix used to assign items: `6` and `6.` take 6.1, 6.2(1)…
 * but not 60.1; `6.1` takes 6.1(1)① and 6.1.2 but not 6.10; `第3条` takes 第3条第2項 but not 第30条.
 */
export function matchesPrefix(citation: string, prefix: string): boolean {
  const c = citation.normalize('NFKC').trim();
  const p = prefix.normalize('NFKC').trim();
  if (!p || !c.startsWith(p)) return false;
  if (/[0-9]$/.test(p)) return !/[0-9]/.test(c.charAt(p.length));
  return true;
}

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** A deadline given as a date means the end of that day in JST; an instant with an offset is taken as it is. */
export function deadlineInstant(input: string): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const t = Date.UTC(y, m - 1, d, 23, 59, 59, 999);
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return null;
    return new Date(t - JST_OFFSET_MS);
  }
  const t = new Date(input);
  return Number.isNaN(t.getTime()) ? null : t;
}

/** Whether a YYYY-MM-DD string is a real calendar date. */
export function isCalendarDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && deadlineInstant(s) !== null;
}

/** Today's date in JST, YYYY-MM-DD. */
export function jstDate(now: Date): string {
  return new Date(now.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * A campaign for fiscal year N has its deadline inside year N or the following one (a year's
 * inspection is often finished in the spring after it), so a typo such as 2062 is caught.
 */
export function deadlineFitsFiscalYear(deadline: Date, fiscalYear: number): RuleViolation | null {
  const start = Date.UTC(fiscalYear, 3, 1) - JST_OFFSET_MS;
  const end = Date.UTC(fiscalYear + 2, 3, 1) - JST_OFFSET_MS;
  if (deadline.getTime() >= start && deadline.getTime() < end) return null;
  return violation('validation', `${fiscalYear}年度の点検の回答期限は ${fiscalYear}年4月1日から ${fiscalYear + 2}年3月31日までにしてください`, `The deadline of a FY${fiscalYear} campaign must fall between 1 April ${fiscalYear} and 31 March ${fiscalYear + 2}`, 'body.deadline');
}
