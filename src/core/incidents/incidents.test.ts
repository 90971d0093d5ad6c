import { describe, expect, it } from 'vitest';
import { endOfNthDayJst, isOverdue, obligations, ppcCases } from './deadlines.ts';
import { incidentTransition, median, publicReportAllowed, receiptNumber } from './rules.ts';

const none = { involved: false, count: null, kinds: [], unauthorisedPurpose: false };

describe('mandatory report deadlines', () => {
  it('counts days from the day after awareness and ends them at 24:00 JST (民法第140条)', () => {
    // Aware at 2026-11-24 23:30 JST (14:30 UTC): day 1 is 11-25, day 5 ends 2026-11-30 00:00 JST.
    expect(endOfNthDayJst(new Date('2026-11-24T14:30:00Z'), 5).toISOString()).toBe('2026-11-29T15:00:00.000Z');
    // 00:30 JST on 11-25 is already the next JST day.
    expect(endOfNthDayJst(new Date('2026-11-24T15:30:00Z'), 5).toISOString()).toBe('2026-11-30T15:00:00.000Z');
  });

  it('knows the cases of 施行規則第7条', () => {
    expect(ppcCases(none)).toEqual([]);
    expect(ppcCases({ involved: true, count: 10, kinds: ['general'], unauthorisedPurpose: false })).toEqual([]);
    expect(ppcCases({ involved: true, count: 10, kinds: ['sensitive'], unauthorisedPurpose: false })).toEqual([1]);
    expect(ppcCases({ involved: true, count: 10, kinds: ['financial'], unauthorisedPurpose: true })).toEqual([2, 3]);
    expect(ppcCases({ involved: true, count: 1001, kinds: ['general'], unauthorisedPurpose: false })).toEqual([4]);
    expect(ppcCases({ involved: true, count: 1000, kinds: ['general'], unauthorisedPurpose: false })).toEqual([]);
  });

  it('owes the PPC preliminary (5 days) and final (30, or 60 for 不正の目的) reports, the ministry and the CISO', () => {
    const aware = new Date('2026-11-24T01:00:00Z'); // 10:00 JST
    const o = obligations(aware, { involved: true, count: 2000, kinds: ['general'], unauthorisedPurpose: false }, 'medium');
    expect(o.map((x) => [x.kind, x.dueAt.toISOString()])).toEqual([
      ['ppc_preliminary', '2026-11-29T15:00:00.000Z'],
      ['ppc_final', '2026-12-24T15:00:00.000Z'],
      ['mext', '2026-11-29T15:00:00.000Z'],
      ['ciso', '2026-11-25T15:00:00.000Z'],
    ]);
    expect(o[0]!.targetAt.toISOString()).toBe('2026-11-27T15:00:00.000Z');
    const attack = obligations(aware, { involved: true, count: 3, kinds: ['general'], unauthorisedPurpose: true }, 'high');
    expect(attack.find((x) => x.kind === 'ppc_final')!.dueAt.toISOString()).toBe('2027-01-23T15:00:00.000Z');
    expect(obligations(aware, none, 'low')).toEqual([]);
    expect(obligations(aware, none, 'critical').map((x) => x.kind)).toEqual(['ciso']);
    expect(obligations(aware, { involved: true, count: 3, kinds: ['general'], unauthorisedPurpose: false }, null).map((x) => x.kind)).toEqual(['mext', 'ciso']);
  });

  it('flags only open obligations past their deadline', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    expect(isOverdue({ dueAt: '2026-12-01T15:00:00.000Z', doneAt: null }, now)).toBe(false);
    expect(isOverdue({ dueAt: '2026-11-29T15:00:00.000Z', doneAt: null }, now)).toBe(true);
    expect(isOverdue({ dueAt: '2026-11-29T15:00:00.000Z', doneAt: '2026-11-30T00:00:00.000Z' }, now)).toBe(false);
  });
});

describe('incident rules', () => {
  const decided = { isIncident: true, category: 'phishing', severity: 'high' };
  it('moves one state at a time and closes from triage only what is not an incident', () => {
    expect(incidentTransition('new', 'triage', decided)).toBeNull();
    expect(incidentTransition('new', 'handling', decided)?.kind).toBe('conflict');
    expect(incidentTransition('triage', 'handling', { ...decided, severity: null })?.kind).toBe('conflict');
    expect(incidentTransition('triage', 'handling', { ...decided, isIncident: null })?.kind).toBe('conflict');
    expect(incidentTransition('triage', 'handling', decided)).toBeNull();
    expect(incidentTransition('triage', 'closed', decided)?.kind).toBe('conflict');
    expect(incidentTransition('triage', 'closed', { ...decided, isIncident: false })).toBeNull();
    expect(incidentTransition('recovery', 'handling', decided)?.kind).toBe('conflict');
    expect(incidentTransition('closed', 'new', decided)?.kind).toBe('conflict');
  });

  it('limits the public form per address in a sliding window', () => {
    const now = new Date('2026-11-24T10:00:00Z');
    const at = (min: number) => new Date(now.getTime() - min * 60_000);
    expect(publicReportAllowed([at(1), at(2), at(3), at(4)], now)).toEqual({ ok: true });
    const denied = publicReportAllowed([at(1), at(2), at(3), at(4), at(50)], now);
    expect(denied).toEqual({ ok: false, retryAfterSeconds: 600 });
    expect(publicReportAllowed([at(1), at(2), at(3), at(4), at(61)], now)).toEqual({ ok: true });
  });

  it('makes receipt numbers from the JST year and six random digits', () => {
    expect(receiptNumber(new Date('2026-12-31T15:30:00Z'), () => 0.000123)).toBe('R-2027-000123');
    expect(receiptNumber(new Date('2026-06-01T00:00:00Z'), () => 0.999999)).toBe('R-2026-999999');
  });

  it('takes the median', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
