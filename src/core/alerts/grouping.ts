/**
 * Grouping sightings into alerts: one alert per (institution, internal host, indicator) as long
 * as sightings keep coming within `windowMs` of the alert's last one. A long connection that
 * the exporter splits into consecutive flows (active timeout) therefore stays one alert, and so
 * does a host beaconing every few minutes; after a quiet window a new alert starts.
 *
 * Incremental: pass the alerts that are still open (their aggregates) and a batch of new
 * sightings; get back the open alerts that changed and the new ones to create. Pure: the caller
 * persists the result in one transaction.
 */
import { isEstablished, isOutbound } from './urgency.ts';

export const DEFAULT_WINDOW_MS = 24 * 3600_000;
/** Remote ports and days kept per alert (enough for display and scoring). */
const MAX_PORTS = 32;
const MAX_DAYS = 62;

export interface SightingRecord {
  institutionId: string;
  internalHost: string;
  remoteAddress: string;
  indicatorId: string;
  /** true: the internal host is the flow's source. */
  internalIsSource: boolean;
  proto: number;
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  bytes: number;
  packets: number;
  /** ms since the epoch. */
  start: number;
  end: number;
}

export interface AlertAggregate {
  institutionId: string;
  internalHost: string;
  indicatorId: string;
  firstSeen: number;
  lastSeen: number;
  sightings: number;
  bytes: number;
  packets: number;
  /** Service ports: the port the flow's initiator contacted (a reply's source port counts as the service). */
  ports: number[];
  /** Distinct UTC days (YYYY-MM-DD) with sightings. */
  days: string[];
  outbound: boolean;
  established: boolean;
}

export interface OpenAlert extends AlertAggregate {
  id: string;
}

export interface GroupingResult<T extends OpenAlert> {
  /** Open alerts that received sightings (new objects; the input is not modified). */
  updated: T[];
  created: AlertAggregate[];
}

export const alertKey = (a: { institutionId: string; internalHost: string; indicatorId: string }) => `${a.institutionId}\u0000${a.internalHost}\u0000${a.indicatorId}`;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function addSighting(a: AlertAggregate, s: SightingRecord): void {
  const end = Math.max(s.start, s.end || s.start);
  a.firstSeen = Math.min(a.firstSeen, s.start);
  a.lastSeen = Math.max(a.lastSeen, end);
  a.sightings += 1;
  a.bytes += s.bytes;
  a.packets += s.packets;
  const outbound = isOutbound(s);
  const port = s.internalIsSource && !outbound ? s.srcPort : s.dstPort;
  if (!a.ports.includes(port) && a.ports.length < MAX_PORTS) a.ports.push(port);
  for (const d of new Set([day(s.start), day(end)])) if (!a.days.includes(d) && a.days.length < MAX_DAYS) a.days.push(d);
  if (outbound) a.outbound = true;
  if (isEstablished(s)) a.established = true;
}

function fresh(s: SightingRecord): AlertAggregate {
  const a: AlertAggregate = {
    institutionId: s.institutionId, internalHost: s.internalHost, indicatorId: s.indicatorId, firstSeen: s.start, lastSeen: s.start,
    sightings: 0, bytes: 0, packets: 0, ports: [], days: [], outbound: false, established: false,
  };
  addSighting(a, s);
  return a;
}

/** Whether a sighting belongs to an alert: it overlaps or lies within `windowMs` of the alert's span. */
export function withinWindow(a: { firstSeen: number; lastSeen: number }, s: { start: number; end: number }, windowMs: number): boolean {
  const end = Math.max(s.start, s.end || s.start);
  return s.start <= a.lastSeen + windowMs && end >= a.firstSeen - windowMs;
}

export function groupSightings<T extends OpenAlert>(open: readonly T[], sightings: readonly SightingRecord[], windowMs = DEFAULT_WINDOW_MS): GroupingResult<T> {
  // The latest open alert per key is the one sightings extend.
  const current = new Map<string, AlertAggregate>();
  const touched = new Map<string, T>();
  for (const o of open) {
    const k = alertKey(o);
    const prev = current.get(k);
    if (!prev || o.lastSeen > prev.lastSeen) current.set(k, o);
  }
  const copies = new Map<AlertAggregate, T>();
  const created: AlertAggregate[] = [];
  const sorted = [...sightings].sort((x, y) => x.start - y.start);
  for (const s of sorted) {
    const k = alertKey(s);
    let a = current.get(k);
    if (a && withinWindow(a, s, windowMs)) {
      if ('id' in a && !copies.has(a)) {
        // Copy an open alert the first time it changes, so the caller's objects stay as they were.
        const o = a as T;
        const copy = { ...o, ports: [...o.ports], days: [...o.days] };
        copies.set(copy, copy);
        touched.set(o.id, copy);
        current.set(k, copy);
        a = copy;
      }
      addSighting(a, s);
    } else {
      a = fresh(s);
      created.push(a);
      current.set(k, a);
    }
  }
  return { updated: [...touched.values()], created };
}
