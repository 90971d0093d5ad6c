import { describe, expect, it } from 'vitest';
import { composeDescription, deadlineDay, filterQueue, formatSize, isoToJstLocal, jstLocalToIso, jstToday, nextState, retryMinutes, splitHours, timeLeft } from './format.ts';

describe('incident page helpers', () => {
  it('offers only the next state, and nothing after closing', () => {
    expect(nextState('new')).toBe('triage');
    expect(nextState('triage')).toBe('handling');
    expect(nextState('recovery')).toBe('closed');
    expect(nextState('closed')).toBeNull();
  });

  it('reads date-time inputs as Japan time and writes them back', () => {
    expect(jstLocalToIso('2026-11-24T10:30')).toBe('2026-11-24T01:30:00.000Z');
    expect(jstLocalToIso('2026-04-01T00:00')).toBe('2026-03-31T15:00:00.000Z');
    expect(jstLocalToIso('')).toBeUndefined();
    expect(jstLocalToIso('2026-02-30T10:00')).toBeUndefined();
    expect(isoToJstLocal('2026-11-24T01:30:00.000Z')).toBe('2026-11-24T10:30');
    expect(isoToJstLocal(null)).toBe('');
    expect(jstToday(new Date('2026-11-24T15:00:00Z'))).toBe('2026-11-25'); // midnight in Japan
  });

  it('counts the time left to a deadline and past it', () => {
    const now = new Date('2026-11-24T01:00:00Z');
    expect(timeLeft('2026-11-26T04:00:00Z', now)).toEqual({ overdue: false, days: 2, hours: 3 });
    expect(timeLeft('2026-11-23T22:00:00Z', now)).toEqual({ overdue: true, days: 0, hours: 3 });
  });

  it('filters the queue by category, severity and text (full-width too)', () => {
    const items = [
      { title: 'メール誤送信（学生名簿）', ref: 'INC-2026-0001', receipts: ['R-2026-000123'], category: 'misdirected_mail', severity: 'high' },
      { title: 'Webサイト改ざんの報告', ref: 'INC-2026-0002', receipts: ['R-2026-999999'], category: null, severity: null },
    ];
    expect(filterQueue(items, {}).length).toBe(2);
    expect(filterQueue(items, { category: 'misdirected_mail' }).map((i) => i.ref)).toEqual(['INC-2026-0001']);
    expect(filterQueue(items, { severity: 'low' })).toEqual([]);
    expect(filterQueue(items, { q: 'ｗｅｂ' }).map((i) => i.ref)).toEqual(['INC-2026-0002']);
    expect(filterQueue(items, { q: '000123' }).map((i) => i.ref)).toEqual(['INC-2026-0001']);
  });

  it('writes sizes, waits and durations as people read them', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(12_345)).toBe('12 KB');
    expect(formatSize(4_500_000)).toBe('4.5 MB');
    expect(retryMinutes(61)).toBe(2);
    expect(retryMinutes(0)).toBe(1);
    expect(splitHours(30.5)).toEqual({ days: 1, hours: 6.5 });
  });

  it('puts the short form together as one description', () => {
    expect(composeDescription(' 名簿を誤送信 ', [{ label: '場所', value: '教務システム' }, { label: '連絡先', value: ' ' }])).toBe('名簿を誤送信\n\n場所: 教務システム');
    expect(composeDescription('本文', [])).toBe('本文');
  });

  it('names the last day of a deadline that ends at 24:00 in Japan', () => {
    expect(deadlineDay('2026-11-26T15:00:00.000Z')).toBe('2026/11/26'); // 2026-11-27 00:00 JST
    expect(deadlineDay('2026-11-26T14:59:59.000Z')).toBe('2026/11/26');
  });
});
