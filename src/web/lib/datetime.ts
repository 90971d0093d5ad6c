/**
 * People see Japan Standard Time; the API speaks UTC ISO-8601. Formats follow what
 * Japanese offices write: 2026/11/24 20:15.
 */
const TIME_ZONE = 'Asia/Tokyo';
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function jstParts(iso: string | Date): Record<string, string> | null {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return null;
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** `2026/11/24 20:15` (JST), or '' for null. */
export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '';
  const p = jstParts(iso);
  if (!p) return iso;
  const time = `${p.hour}:${p.minute}${withSeconds ? `:${p.second}` : ''}`;
  return `${p.year}/${p.month}/${p.day} ${time}`;
}

/** `2026/11/24` (JST). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = jstParts(iso);
  return p ? `${p.year}/${p.month}/${p.day}` : iso;
}

/** A JST calendar day `YYYY-MM-DD` (from <input type="date">) to the UTC instant its day starts. */
export function jstDayStartUtc(day: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - JST_OFFSET_MS;
  return new Date(utc).toISOString();
}

/** The UTC instant the JST day after `day` starts: an exclusive upper bound for "until this day". */
export function jstDayEndUtc(day: string): string | undefined {
  const start = jstDayStartUtc(day);
  return start ? new Date(new Date(start).getTime() + 24 * 60 * 60 * 1000).toISOString() : undefined;
}

/** Whole days since an instant (for "last sign-in 120 days ago"). */
export function daysSince(iso: string | null | undefined, now = new Date()): number | null {
  if (!iso) return null;
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? null : Math.floor((now.getTime() - t) / 86_400_000);
}
