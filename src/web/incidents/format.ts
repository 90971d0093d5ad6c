/** Pure helpers of the incident pages: the order of states, deadlines, JST inputs, the queue filter. Tested alone. */
import type { IncidentState } from '../../core/incidents/rules.ts';

export const STEPS: readonly IncidentState[] = ['new', 'triage', 'handling', 'recovery', 'closed'];

/** The one state an incident may move to next (none once closed). */
export function nextState(s: IncidentState): IncidentState | null {
  const i = STEPS.indexOf(s);
  return i >= 0 && i < STEPS.length - 1 ? STEPS[i + 1]! : null;
}

const JST_MS = 9 * 3600_000;

/** `<input type="datetime-local">` value read as Japan time (2026-11-24T10:30) → UTC ISO; undefined when empty or malformed. */
export function jstLocalToIso(local: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi) - JST_MS;
  const back = new Date(utc + JST_MS);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return new Date(utc).toISOString();
}

/** An instant as the value of a datetime-local input in Japan time. */
export function isoToJstLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? '' : new Date(t + JST_MS).toISOString().slice(0, 16);
}

/** Today in Japan as YYYY-MM-DD. */
export const jstToday = (now = new Date()) => new Date(now.getTime() + JST_MS).toISOString().slice(0, 10);

/** Time left to a deadline (or past it), in whole days and hours, rounded down. */
export function timeLeft(dueAt: string, now = new Date()): { overdue: boolean; days: number; hours: number } {
  const ms = new Date(dueAt).getTime() - now.getTime();
  const abs = Math.abs(ms);
  return { overdue: ms < 0, days: Math.floor(abs / 86_400_000), hours: Math.floor((abs % 86_400_000) / 3_600_000) };
}

export interface QueueFilter {
  category?: string | null | undefined;
  severity?: string | null | undefined;
  q?: string | null | undefined;
}

/** The queue's filters that the API does not take: category, severity and free text (title, reference, receipt numbers). */
export function filterQueue<T extends { title: string; ref: string; receipts?: readonly string[]; category: string | null; severity: string | null }>(items: readonly T[], f: QueueFilter): T[] {
  const q = (f.q ?? '').trim().normalize('NFKC').toLowerCase();
  return items.filter((i) =>
    (!f.category || i.category === f.category) &&
    (!f.severity || i.severity === f.severity) &&
    (!q || [i.title, i.ref, ...(i.receipts ?? [])].some((s) => s.normalize('NFKC').toLowerCase().includes(q))));
}

/** 1,234 B · 12.3 KB · 4.5 MB (decimal units). */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes.toLocaleString('ja-JP')} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Seconds of a Retry-After as whole minutes to wait (at least 1). */
export const retryMinutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** Hours as days and hours for the summary: 30.5 → { days: 1, hours: 6.5 }. */
export function splitHours(h: number): { days: number; hours: number } {
  const days = Math.floor(h / 24);
  return { days, hours: Math.round((h - days * 24) * 10) / 10 };
}

/** The member's short form as one description: the details, then labelled lines for what was filled in. */
export function composeDescription(details: string, extra: readonly { label: string; value: string }[]): string {
  const lines = extra.filter((e) => e.value.trim()).map((e) => `${e.label}: ${e.value.trim()}`);
  return [details.trim(), lines.join('\n')].filter(Boolean).join('\n\n');
}

/**
 * The JST day a deadline ends: deadlines are 24:00 JST, which reads as 00:00 of the next day;
 * people write the last day itself (2026/11/26 まで).
 */
export function deadlineDay(dueAt: string): string {
  const t = new Date(dueAt).getTime() - 1 + JST_MS;
  return new Date(t).toISOString().slice(0, 10).replace(/-/g, '/');
}
