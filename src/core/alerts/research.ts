/**
 * Research statistics over flow alerts: counts per indicator category, service port, day (JST)
 * and urgency, anonymised so that no institution can be singled out.
 *
 * Rule (k-anonymity over institutions): a row is published only when the alerts it counts come
 * from at least K institutions (K = `MIN_INSTITUTIONS`). Rows below K are folded into one
 * "その他 / other" row. When that row itself describes fewer than K institutions, the smallest
 * published rows are folded into it as well (secondary suppression) until it reaches K, so its
 * figure cannot be recovered by subtracting the published rows from the total. When the whole
 * period has fewer than K institutions, nothing is published: every figure is withheld.
 *
 * The input carries an institution id only to count distinct institutions; the output never
 * carries an id, a name, a host address or an indicator value.
 *
 * Pure: the caller reads the alerts and writes the audit entry.
 */
import { csvLine } from '../csv.ts';
import { normaliseCategory } from './urgency.ts';

/** Fewest institutions a published figure may describe. */
export const MIN_INSTITUTIONS = 3;
/** Longest period one export may cover, in days. */
export const MAX_RANGE_DAYS = 731;
export const OTHER_KEY = 'other';
export const UNCATEGORISED_KEY = 'uncategorised';

const JST_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;

export interface ResearchAlert {
  /** Used only to count distinct institutions; never copied to the output. */
  institutionId: string;
  category: string | null;
  /** Service ports contacted (see grouping). */
  ports: readonly number[];
  urgency: string;
  /** ISO-8601 instant of the first sighting; its JST date is the alert's day. */
  firstSeen: string;
  sightings: number;
}

export interface StatRow {
  key: string;
  alerts: number;
  sightings: number;
  institutions: number;
}

export interface OtherRow {
  /** null when withheld (fewer than K institutions in the whole period). */
  alerts: number | null;
  sightings: number | null;
  institutions: number | null;
  /** How many keys were folded into this row. */
  keys: number;
  suppressed: boolean;
}

export interface StatTable {
  rows: StatRow[];
  /** null when every key reaches K. */
  other: OtherRow | null;
}

export const DIMENSIONS = ['category', 'port', 'day', 'urgency'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface ResearchStats {
  from: string;
  to: string;
  timezone: 'Asia/Tokyo';
  minInstitutions: number;
  total: { alerts: number | null; sightings: number | null; institutions: number | null; suppressed: boolean };
  /** Port rows count (alert, port) pairs: an alert with two service ports counts under each. */
  tables: Record<Dimension, StatTable>;
}

/** Parses YYYY-MM-DD strictly (a real calendar date); undefined otherwise. */
export function parseDay(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === s ? ms : undefined;
}

export type RangeProblem = { field: 'from' | 'to'; ja: string; en: string };

/**
 * Checks a period of JST dates and gives its UTC bounds [start, end): from 00:00 JST of `from`
 * to 00:00 JST of the day after `to`.
 */
export function researchRange(from: string, to: string): { start: string; end: string } | RangeProblem {
  const f = parseDay(from);
  const t = parseDay(to);
  if (f === undefined) return { field: 'from', ja: `開始日「${from}」は YYYY-MM-DD 形式の日付で指定してください`, en: 'from must be a date (YYYY-MM-DD)' };
  if (t === undefined) return { field: 'to', ja: `終了日「${to}」は YYYY-MM-DD 形式の日付で指定してください`, en: 'to must be a date (YYYY-MM-DD)' };
  if (t < f) return { field: 'to', ja: '終了日が開始日より前です', en: 'to is before from' };
  if ((t - f) / DAY_MS + 1 > MAX_RANGE_DAYS) return { field: 'to', ja: `期間は ${MAX_RANGE_DAYS} 日以内にしてください`, en: `the period may cover at most ${MAX_RANGE_DAYS} days` };
  return { start: new Date(f - JST_OFFSET_MS).toISOString(), end: new Date(t + DAY_MS - JST_OFFSET_MS).toISOString() };
}

/** The JST calendar date of an instant. */
export const jstDay = (iso: string) => new Date(Date.parse(iso) + JST_OFFSET_MS).toISOString().slice(0, 10);

interface Bucket {
  key: string;
  alerts: number;
  sightings: number;
  institutions: Set<string>;
}

function keysOf(a: ResearchAlert, d: Dimension): string[] {
  switch (d) {
    case 'category':
      return [normaliseCategory(a.category) ?? UNCATEGORISED_KEY];
    case 'port':
      return [...new Set(a.ports)].map(String);
    case 'day':
      return [jstDay(a.firstSeen)];
    case 'urgency':
      return [a.urgency];
  }
}

function order(d: Dimension) {
  if (d === 'day') return (x: { key: string }, y: { key: string }) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
  if (d === 'urgency') {
    const rank = ['urgent', 'high', 'normal', 'low'];
    return (x: { key: string }, y: { key: string }) => rank.indexOf(x.key) - rank.indexOf(y.key);
  }
  return (x: StatRow, y: StatRow) => y.alerts - x.alerts || (d === 'port' ? Number(x.key) - Number(y.key) : x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
}

/** One table: rows of at least k institutions, the rest folded (and secondarily suppressed) as described above. */
export function suppressTable(buckets: readonly Bucket[], k: number, dimension: Dimension): StatTable {
  const published = buckets.filter((b) => b.institutions.size >= k);
  const folded = buckets.filter((b) => b.institutions.size < k);
  const union = (bs: readonly Bucket[]) => new Set(bs.flatMap((b) => [...b.institutions]));
  if (folded.length) {
    // Secondary suppression: fold the smallest published rows until "other" describes k institutions.
    published.sort((x, y) => x.institutions.size - y.institutions.size || x.alerts - y.alerts || (x.key < y.key ? -1 : 1));
    while (union(folded).size < k && published.length) folded.push(published.shift()!);
  }
  const rows = published.map((b) => ({ key: b.key, alerts: b.alerts, sightings: b.sightings, institutions: b.institutions.size })).sort(order(dimension));
  if (!folded.length) return { rows, other: null };
  const inst = union(folded).size;
  const suppressed = inst < k;
  return {
    rows,
    other: {
      alerts: suppressed ? null : folded.reduce((n, b) => n + b.alerts, 0),
      sightings: suppressed ? null : folded.reduce((n, b) => n + b.sightings, 0),
      institutions: suppressed ? null : inst,
      keys: folded.length,
      suppressed,
    },
  };
}

export function researchStats(alerts: readonly ResearchAlert[], range: { from: string; to: string }, k = MIN_INSTITUTIONS): ResearchStats {
  const institutions = new Set(alerts.map((a) => a.institutionId)).size;
  // An empty period describes nobody: zeros are published.
  const totalSuppressed = alerts.length > 0 && institutions < k;
  const tables = {} as Record<Dimension, StatTable>;
  for (const d of DIMENSIONS) {
    const buckets = new Map<string, Bucket>();
    for (const a of alerts) {
      for (const key of keysOf(a, d)) {
        const b = buckets.get(key) ?? { key, alerts: 0, sightings: 0, institutions: new Set<string>() };
        buckets.set(key, b);
        b.alerts += 1;
        b.sightings += a.sightings;
        b.institutions.add(a.institutionId);
      }
    }
    tables[d] = suppressTable([...buckets.values()], k, d);
  }
  return {
    from: range.from, to: range.to, timezone: 'Asia/Tokyo', minInstitutions: k,
    total: totalSuppressed
      ? { alerts: null, sightings: null, institutions: null, suppressed: true }
      : { alerts: alerts.length, sightings: alerts.reduce((n, a) => n + a.sightings, 0), institutions, suppressed: false },
    tables,
  };
}

export const CSV_COLUMNS = ['dimension', 'key', 'alerts', 'sightings', 'institutions', 'note'] as const;

const NOTE_OTHER = (k: number) => `その他: ${k} 機関未満の行をまとめたもの / other: rows describing fewer than ${k} institutions folded together`;
const NOTE_SUPPRESSED = (k: number) => `非公開: ${k} 機関未満 / withheld: fewer than ${k} institutions`;

/** The statistics as CSV (UTF-8 with BOM, formula-safe cells): one line per published row, "other" and total. */
export function researchStatsCsv(s: ResearchStats): string {
  const k = s.minInstitutions;
  let out = `\ufeff${csvLine([...CSV_COLUMNS])}`;
  const t = s.total;
  out += csvLine(['total', `${s.from}..${s.to}`, t.alerts, t.sightings, t.institutions, t.suppressed ? NOTE_SUPPRESSED(k) : '']);
  for (const d of DIMENSIONS) {
    const table = s.tables[d];
    for (const r of table.rows) out += csvLine([d, r.key, r.alerts, r.sightings, r.institutions, '']);
    const o = table.other;
    if (o) out += csvLine([d, OTHER_KEY, o.alerts, o.sightings, o.institutions, o.suppressed ? `${NOTE_OTHER(k)}; ${NOTE_SUPPRESSED(k)}` : NOTE_OTHER(k)]);
  }
  return out;
}
