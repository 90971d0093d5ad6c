import { describe, expect, it } from 'vitest';
import { MAX_RANGE_DAYS, MIN_INSTITUTIONS, type ResearchAlert, jstDay, parseDay, researchRange, researchStats, researchStatsCsv } from './research.ts';

const RANGE = { from: '2026-11-01', to: '2026-11-30' };
let n = 0;
const alert = (p: Partial<ResearchAlert>): ResearchAlert => ({
  institutionId: `inst-${n++}`, category: 'c2', ports: [443], urgency: 'urgent', firstSeen: '2026-11-10T03:00:00Z', sightings: 2, ...p,
});
const from = (institutions: string[], p: Partial<ResearchAlert> = {}) => institutions.map((institutionId) => alert({ institutionId, ...p }));

describe('research statistics', () => {
  it('publishes rows of at least K institutions, with counts and no identities', () => {
    const s = researchStats([...from(['a', 'b', 'c'], { category: 'C&C' }), ...from(['a', 'b', 'c', 'd'], { category: 'scanner', ports: [22, 3389], urgency: 'low', sightings: 5 })], RANGE);
    expect(MIN_INSTITUTIONS).toBe(3);
    expect(s.total).toEqual({ alerts: 7, sightings: 26, institutions: 4, suppressed: false });
    expect(s.tables.category).toEqual({
      rows: [{ key: 'scanner', alerts: 4, sightings: 20, institutions: 4 }, { key: 'c2', alerts: 3, sightings: 6, institutions: 3 }],
      other: null,
    });
    // An alert counts under each of its ports.
    expect(s.tables.port.rows.map((r) => [r.key, r.alerts])).toEqual([['22', 4], ['3389', 4], ['443', 3]]);
    expect(s.tables.urgency.rows.map((r) => r.key)).toEqual(['urgent', 'low']);
    expect(JSON.stringify(s)).not.toMatch(/"a"|"b"|"c"|"d"|inst-/);
  });

  it('folds a row of K-1 institutions into "other" and keeps the total', () => {
    const s = researchStats([...from(['a', 'b', 'c']), ...from(['a', 'b'], { category: 'phishing' }), ...from(['c'], { category: 'botnet' })], RANGE);
    expect(s.tables.category.rows.map((r) => r.key)).toEqual(['c2']);
    // phishing (2 institutions) + botnet (1) together describe a, b and c: 3 institutions, so the folded row is published.
    expect(s.tables.category.other).toEqual({ alerts: 3, sightings: 6, institutions: 3, keys: 2, suppressed: false });
    expect(s.total.alerts).toBe(6);
  });

  it('folds the smallest published row as well when "other" alone would single out an institution', () => {
    // Without secondary suppression, "other" (botnet, one institution) = total − c2 − scanner could be recovered.
    const s = researchStats([...from(['a', 'b', 'c']), ...from(['a', 'b', 'c', 'd'], { category: 'scanner' }), ...from(['d'], { category: 'botnet' })], RANGE);
    expect(s.tables.category.rows.map((r) => r.key)).toEqual(['scanner']);
    expect(s.tables.category.other).toEqual({ alerts: 4, sightings: 8, institutions: 4, keys: 2, suppressed: false });
    // Rows plus "other" add up to the total again.
    expect(s.tables.category.rows[0]!.alerts + s.tables.category.other!.alerts!).toBe(s.total.alerts);
  });

  it('withholds every figure when the period has fewer than K institutions', () => {
    const s = researchStats([...from(['a', 'b']), ...from(['a'], { category: 'phishing' })], RANGE);
    expect(s.total).toEqual({ alerts: null, sightings: null, institutions: null, suppressed: true });
    for (const t of Object.values(s.tables)) {
      expect(t.rows).toEqual([]);
      expect(t.other).toMatchObject({ alerts: null, sightings: null, institutions: null, suppressed: true });
    }
  });

  it('counts institutions, not alerts: many alerts from one institution stay folded', () => {
    const s = researchStats([...from(['a', 'b', 'c']), ...Array.from({ length: 50 }, () => alert({ institutionId: 'a', category: 'phishing' }))], RANGE);
    // "other" here is one institution's 50 alerts, so it cannot stand alone; c2 is folded with it.
    expect(s.tables.category.rows).toEqual([]);
    expect(s.tables.category.other).toEqual({ alerts: 53, sightings: 106, institutions: 3, keys: 2, suppressed: false });
  });

  it('publishes exactly at K and folds at K-1 (boundary)', () => {
    expect(researchStats(from(['a', 'b', 'c']), RANGE).tables.category.rows).toHaveLength(1);
    expect(researchStats(from(['a', 'b', 'c']), RANGE, 4).total.suppressed).toBe(true);
    expect(researchStats(from(['a', 'b']), RANGE).tables.category.rows).toHaveLength(0);
  });

  it('gives zeros for an empty period', () => {
    const s = researchStats([], RANGE);
    expect(s.total).toEqual({ alerts: 0, sightings: 0, institutions: 0, suppressed: false });
    expect(s.tables.day).toEqual({ rows: [], other: null });
  });

  it('groups days in JST and orders them by date', () => {
    const s = researchStats([
      ...from(['a', 'b', 'c'], { firstSeen: '2026-11-10T15:00:00Z' }), // 11-11 00:00 JST
      ...from(['a', 'b', 'c'], { firstSeen: '2026-11-10T14:59:59Z' }), // 11-10 23:59 JST
    ], RANGE);
    expect(s.tables.day.rows.map((r) => r.key)).toEqual(['2026-11-10', '2026-11-11']);
    expect(jstDay('2026-11-30T15:00:00Z')).toBe('2026-12-01');
    expect(researchStats(from(['a', 'b', 'c'], { category: null }), RANGE).tables.category.rows[0]!.key).toBe('uncategorised');
  });

  it('checks the period and gives its UTC bounds', () => {
    expect(researchRange('2026-11-01', '2026-11-30')).toEqual({ start: '2026-10-31T15:00:00.000Z', end: '2026-11-30T15:00:00.000Z' });
    expect(researchRange('2026-02-30', '2026-03-01')).toMatchObject({ field: 'from' });
    expect(researchRange('2026-11-01', 'tomorrow')).toMatchObject({ field: 'to' });
    expect(researchRange('2026-11-02', '2026-11-01')).toMatchObject({ field: 'to', ja: '終了日が開始日より前です' });
    expect(researchRange('2024-01-01', '2026-12-31')).toMatchObject({ field: 'to', en: `the period may cover at most ${MAX_RANGE_DAYS} days` });
    expect(parseDay('2028-02-29')).toBe(Date.UTC(2028, 1, 29));
    expect(parseDay('2026-1-01')).toBeUndefined();
  });

  it('writes formula-safe CSV with the folded and withheld rows marked', () => {
    const csv = researchStatsCsv(researchStats([
      ...from(['a', 'b', 'c', 'd'], { category: '=HYPERLINK("x")' }), ...from(['a', 'b', 'c']), ...from(['a'], { category: 'phishing' }),
    ], RANGE));
    expect(csv.startsWith('\ufeff')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('dimension,key,alerts,sightings,institutions,note');
    expect(lines[1]).toBe('total,2026-11-01..2026-11-30,8,16,4,');
    expect(lines).toContain(`category,"'=hyperlink(""x"")",4,8,4,`);
    expect(lines.find((l) => l.startsWith('category,other'))).toMatch(/^category,other,4,8,3,その他: 3 機関未満/);
    const none = researchStatsCsv(researchStats(from(['a']), RANGE)).split('\r\n');
    expect(none[1]).toMatch(/^total,2026-11-01\.\.2026-11-30,,,,非公開/);
    expect(none.find((l) => l.startsWith('port,other'))).toMatch(/^port,other,,,,その他.*非公開/);
  });
});
