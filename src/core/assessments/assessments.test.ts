import { describe, expect, it } from 'vitest';
import { compare, progress, results, type ScopeItem, type Slot } from './analysis.ts';
import { checkEvidenceFile, checkEvidenceUrl, isExpired } from './evidence.ts';
import { daysLeft, dueStage, requestReminderStage } from './reminders.ts';
import { campaignTransition, canEditAnswer, canOpen, canRaiseImprovement, canReview, canSubmit, chapterOf, compareChapters, deadlineFitsFiscalYear, deadlineInstant, improvementTransition, isCalendarDate, jstDate, matchesPrefix } from './rules.ts';

describe('campaign and answer states', () => {
  it('goes draft → open → closed and nothing else', () => {
    expect(campaignTransition('draft', 'open')).toBeNull();
    expect(campaignTransition('open', 'closed')).toBeNull();
    expect(campaignTransition('draft', 'closed')?.kind).toBe('conflict');
    expect(campaignTransition('closed', 'open')?.message).toMatch(/^点検を「終了」から「実施中」にはできません.* \/ A campaign cannot/);
    expect(campaignTransition('open', 'open')).not.toBeNull();
  });

  it('opens only with assignments and a deadline ahead', () => {
    expect(canOpen({ assignments: 0, deadline: '2027-01-31T00:00:00Z', now: '2026-11-24T00:00:00Z' })?.message).toContain('担当者');
    expect(canOpen({ assignments: 2, deadline: '2026-11-01T00:00:00Z', now: '2026-11-24T00:00:00Z' })?.message).toContain('期限');
    expect(canOpen({ assignments: 2, deadline: '2027-01-31T00:00:00Z', now: '2026-11-24T00:00:00Z' })).toBeNull();
  });

  it('lets respondents edit drafts of an open campaign only', () => {
    expect(canEditAnswer('open', null)).toBeNull();
    expect(canEditAnswer('open', 'draft')).toBeNull();
    expect(canEditAnswer('draft', null)?.message).toContain('まだ開始されていません');
    expect(canEditAnswer('closed', 'draft')?.message).toContain('終了');
    expect(canEditAnswer('open', 'submitted')?.kind).toBe('conflict');
    expect(canEditAnswer('open', 'accepted')?.kind).toBe('conflict');
  });

  it('asks for a result, and a comment for anything but 実施している, before submitting', () => {
    expect(canSubmit('open', null)?.field).toBe('body.result');
    expect(canSubmit('open', { state: 'draft', result: null, comment: 'x' })?.field).toBe('body.result');
    expect(canSubmit('open', { state: 'draft', result: 'partial', comment: '  ' })?.field).toBe('body.comment');
    expect(canSubmit('open', { state: 'draft', result: 'not_applicable', comment: null })?.message).toContain('該当しない');
    expect(canSubmit('open', { state: 'draft', result: 'implemented', comment: null })).toBeNull();
    expect(canSubmit('open', { state: 'submitted', result: 'implemented', comment: null })?.kind).toBe('conflict');
  });

  it('reviews submitted answers only, and sends back only with a reason', () => {
    expect(canReview('open', 'submitted', 'accept', undefined)).toBeNull();
    expect(canReview('open', 'submitted', 'send_back', '')?.field).toBe('body.comment');
    expect(canReview('open', 'submitted', 'send_back', '証跡が古い')).toBeNull();
    expect(canReview('open', 'draft', 'accept', null)?.kind).toBe('conflict');
    expect(canReview('open', 'accepted', 'send_back', 'x')?.kind).toBe('conflict');
    expect(canReview('closed', 'submitted', 'accept', null)?.kind).toBe('conflict');
  });

  it('raises improvement items from final gap answers, and moves them in order', () => {
    expect(canRaiseImprovement({ state: 'submitted', result: 'partial' })).toBeNull();
    expect(canRaiseImprovement({ state: 'accepted', result: 'not_implemented' })).toBeNull();
    expect(canRaiseImprovement({ state: 'draft', result: 'partial' })?.kind).toBe('conflict');
    expect(canRaiseImprovement({ state: 'accepted', result: 'implemented' })?.kind).toBe('conflict');
    expect(improvementTransition('open', 'in_progress')).toBeNull();
    expect(improvementTransition('in_progress', 'done')).toBeNull();
    expect(improvementTransition('done', 'cancelled')?.kind).toBe('conflict');
    expect(improvementTransition('cancelled', 'done')?.kind).toBe('conflict');
  });
});

describe('chapters from citations', () => {
  it('groups outline, article and annex citations', () => {
    expect(chapterOf('6.1.2(1)①')).toBe('6');
    expect(chapterOf('7.1.4(2)②(a)')).toBe('7');
    expect(chapterOf('１２.３')).toBe('12');
    expect(chapterOf('第32条第3項')).toBe('第32条');
    expect(chapterOf('第3条の2第1項')).toBe('第3条の2');
    expect(chapterOf('A.5.1')).toBe('A.5');
    expect(chapterOf('6')).toBe('6');
    expect(['10', '2', '第1条', '1'].sort(compareChapters)).toEqual(['1', '2', '10', '第1条']);
  });

  it('assigns by citation prefix without running into the next number', () => {
    expect(matchesPrefix('6.1(1)①', '6')).toBe(true);
    expect(matchesPrefix('6.1(1)①', '6.')).toBe(true);
    expect(matchesPrefix('60.1', '6')).toBe(false);
    expect(matchesPrefix('6.10(1)', '6.1')).toBe(false);
    expect(matchesPrefix('6.1.2', '6.1')).toBe(true);
    expect(matchesPrefix('第3条第2項', '第3条')).toBe(true);
    expect(matchesPrefix('第30条', '第3')).toBe(false);
    expect(matchesPrefix('1.1', '')).toBe(false);
  });
});

const items: ScopeItem[] = [
  { id: 'i1', citation: '1.1(1)①', chapter: '1' },
  { id: 'i2', citation: '1.2(1)①', chapter: '1' },
  { id: 'i3', citation: '6.1(1)①', chapter: '6' },
];
const slot = (itemId: string, respondentId: string, department: string | null, answer: Slot['answer']): Slot => ({ itemId, respondentId, department, answer });

describe('progress, results and comparison', () => {
  const slots: Slot[] = [
    slot('i1', 'u1', '情報基盤センター', { state: 'accepted', result: 'implemented' }),
    slot('i2', 'u1', '情報基盤センター', { state: 'submitted', result: 'partial' }),
    slot('i3', 'u2', '工学部', { state: 'draft', result: 'not_implemented' }),
    slot('i3', 'u3', '理学部', null),
    slot('i3', 'u4', null, { state: 'submitted', result: 'not_applicable' }),
  ];

  it('counts assigned, draft, submitted and accepted per item, respondent and department', () => {
    const p = progress(items, slots);
    expect(p.total).toMatchObject({ assigned: 5, notStarted: 1, draft: 1, submitted: 2, accepted: 1, completion: 0.6 });
    expect(p.items.find((i) => i.itemId === 'i3')).toMatchObject({ assigned: 3, notStarted: 1, draft: 1, submitted: 1 });
    expect(p.respondents.find((r) => r.respondentId === 'u1')).toMatchObject({ assigned: 2, completion: 1 });
    expect(p.departments.map((d) => d.department)).toEqual(['工学部', '情報基盤センター', '理学部', null]);
  });

  it('counts only final answers in results, per chapter, leaving 該当しない out of the shares', () => {
    const r = results(items, slots);
    expect(r.total).toMatchObject({ answers: 3, implemented: 1, partial: 1, notApplicable: 1, implementedShare: 0.5, score: 0.75 });
    expect(r.chapters).toEqual([
      expect.objectContaining({ chapter: '1', items: 2, answers: 2, implementedShare: 0.5, score: 0.75 }),
      expect.objectContaining({ chapter: '6', items: 1, answers: 1, notApplicable: 1, implementedShare: null, score: null }),
    ]);
  });

  it('compares with the previous year by chapter and citation', () => {
    const cur = results(items, slots);
    const prevItems: ScopeItem[] = [
      { id: 'p1', citation: '1.1(1)①', chapter: '1' },
      { id: 'p2', citation: '1.2(1)①', chapter: '1' },
      { id: 'p9', citation: '9.9(1)①', chapter: '9' },
    ];
    const prev = results(prevItems, [
      slot('p1', 'u1', null, { state: 'accepted', result: 'partial' }),
      slot('p2', 'u1', null, { state: 'accepted', result: 'implemented' }),
      slot('p9', 'u1', null, { state: 'accepted', result: 'implemented' }),
    ]);
    const c = compare(cur, prev);
    const item = (citation: string) => c.items.find((i) => i.citation === citation)?.trend;
    expect(item('1.1(1)①')).toBe('improved');
    expect(item('1.2(1)①')).toBe('worsened');
    expect(item('6.1(1)①')).toBe('new');
    expect(item('9.9(1)①')).toBe('dropped');
    expect(c.chapters.map((ch) => [ch.chapter, ch.trend])).toEqual([['1', 'unchanged'], ['6', 'new'], ['9', 'dropped']]);
  });
});

describe('dates in JST', () => {
  it('takes a date deadline as the end of that day in JST', () => {
    expect(deadlineInstant('2027-01-31')?.toISOString()).toBe('2027-01-31T14:59:59.999Z');
    expect(deadlineInstant('2027-01-31T17:00:00+09:00')?.toISOString()).toBe('2027-01-31T08:00:00.000Z');
    expect(deadlineInstant('2027-02-30')).toBeNull();
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(jstDate(new Date('2026-11-24T15:00:00Z'))).toBe('2026-11-25');
  });

  it('keeps the deadline within the fiscal year or the next one', () => {
    expect(deadlineFitsFiscalYear(deadlineInstant('2027-01-31')!, 2026)).toBeNull();
    expect(deadlineFitsFiscalYear(deadlineInstant('2028-03-31')!, 2026)).toBeNull();
    expect(deadlineFitsFiscalYear(deadlineInstant('2028-04-01')!, 2026)?.field).toBe('body.deadline');
    expect(deadlineFitsFiscalYear(deadlineInstant('2026-03-31')!, 2026)?.message).toMatch(/^2026年度の点検の回答期限は/);
  });
});

describe('reminders', () => {
  const deadline = new Date('2027-01-31T14:59:59Z'); // 2027-01-31 23:59:59 JST
  it('picks the latest stage due, before and after the deadline', () => {
    expect(dueStage(deadline, new Date('2027-01-20T00:00:00Z'), [7, 1], [1, 7])).toBeNull();
    expect(dueStage(deadline, new Date('2027-01-25T00:00:00Z'), [7, 1], [1, 7])?.key).toBe('before-7@2027-01-31');
    expect(dueStage(deadline, new Date('2027-01-31T00:00:00Z'), [7, 1], [1, 7])?.key).toBe('before-1@2027-01-31');
    expect(dueStage(deadline, new Date('2027-02-03T00:00:00Z'), [7, 1], [1, 7])?.key).toBe('after-1@2027-01-31');
    // After a long outage only the latest stage is due, not all the missed ones.
    expect(dueStage(deadline, new Date('2027-03-01T00:00:00Z'), [7, 1], [1, 7])?.key).toBe('after-7@2027-01-31');
    // A campaign opened 3 days before its deadline: the 7-day stage is covered by the opening request.
    const opened = new Date('2027-01-28T00:00:00Z');
    expect(dueStage(deadline, new Date('2027-01-29T00:00:00Z'), [7, 1], [1, 7], opened)).toBeNull();
    expect(dueStage(deadline, new Date('2027-01-31T00:00:00Z'), [7, 1], [1, 7], opened)?.key).toBe('before-1@2027-01-31');
    // A moved deadline starts afresh.
    expect(dueStage(new Date('2027-02-14T14:59:59Z'), new Date('2027-02-08T00:00:00Z'), [7], [])?.key).toBe('before-7@2027-02-14');
    expect(daysLeft(deadline, new Date('2027-01-24T15:00:00Z'))).toBe(7);
    expect(daysLeft(deadline, new Date('2027-02-02T00:00:00Z'))).toBe(-2);
  });

  it('reminds of an evidence request the day before and on its due date, then once overdue (JST dates; month ends)', () => {
    expect(requestReminderStage('2026-12-10', '2026-12-08')).toBeNull();
    expect(requestReminderStage('2026-12-10', '2026-12-09')).toEqual({ key: 'request-due-soon@2026-12-10', overdue: false });
    expect(requestReminderStage('2026-12-10', '2026-12-10')).toEqual({ key: 'request-due-soon@2026-12-10', overdue: false });
    expect(requestReminderStage('2026-12-10', '2026-12-11')).toEqual({ key: 'request-overdue@2026-12-10', overdue: true });
    expect(requestReminderStage('2027-03-01', '2027-02-28')?.key).toBe('request-due-soon@2027-03-01');
    expect(requestReminderStage('2027-03-01', '2027-02-27')).toBeNull();
  });
});

describe('evidence files and links', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('accepts allowed types whose content matches the name', () => {
    expect(checkEvidenceFile('ログ管理手順.pdf', enc('%PDF-1.7\n...'))).toMatchObject({ ok: true, kind: { mediaType: 'application/pdf' } });
    expect(checkEvidenceFile('設定.TXT', enc('PermitRootLogin no\n'))).toMatchObject({ ok: true, extension: 'txt' });
    expect(checkEvidenceFile('台帳.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toMatchObject({ ok: true });
  });

  it('refuses forbidden types, renamed programs and mismatched content', () => {
    expect(checkEvidenceFile('setup.exe', enc('MZ...'))).toMatchObject({ ok: false });
    expect(checkEvidenceFile('run.sh', enc('#!/bin/sh'))).toMatchObject({ ok: false });
    const renamed = checkEvidenceFile('report.pdf', new Uint8Array([0x4d, 0x5a, 0x90, 0]));
    expect(renamed.ok).toBe(false);
    expect(!renamed.ok && renamed.message).toMatch(/^「report\.pdf」の中身は Windows の実行ファイル/);
    expect(checkEvidenceFile('notes.txt', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0]))).toMatchObject({ ok: false });
    expect(checkEvidenceFile('scan.png', enc('%PDF-1.4'))).toMatchObject({ ok: false });
    expect(checkEvidenceFile('noextension', enc('hello'))).toMatchObject({ ok: false });
  });

  it('flags expired evidence from the day after its expiry, and takes only web links', () => {
    expect(isExpired('2026-11-23', '2026-11-24')).toBe(true);
    expect(isExpired('2026-11-24', '2026-11-24')).toBe(false);
    expect(isExpired(null, '2026-11-24')).toBe(false);
    expect(checkEvidenceUrl('https://portal.example.ac.jp/doc/1')).toBeNull();
    expect(checkEvidenceUrl('javascript:alert(1)')).toContain('http');
    expect(checkEvidenceUrl('not a url')).toContain('URL');
  });
});
