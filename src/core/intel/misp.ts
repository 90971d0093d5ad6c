/**
 * MISP events (`{"Event": {…}}` as exported or served by a feed) and MISP feeds
 * (`manifest.json` plus one `<uuid>.json` per event). Attributes come from `Event.Attribute`
 * and `Event.Object[].Attribute`. Only attributes flagged `to_ids` are taken unless
 * `includeNonIds` is set (MISP's own rule for what is fit for detection); deleted ones are
 * ignored. TLP comes from `tlp:*` tags (the attribute's own before the event's), the category
 * from tags and the attribute category, confidence from the event's threat level.
 */
import type { ImportOptions } from './blocklist.ts';
import {
  type Indicator, type ParseIssue, type ParseResult, type Tlp, type ValueKind, categoryFrom, emptyResult, isoTime, makeIndicator, normalise, parseTlp,
} from './indicator.ts';

export interface MispOptions extends ImportOptions {
  /** Take attributes whose to_ids flag is off too (context, not detection). */
  includeNonIds?: boolean;
}

/** Attribute type → what each `|`-separated part is (undefined: that part is not taken). */
const TYPES: Record<string, (ValueKind | undefined)[]> = {
  'ip-src': ['ip'], 'ip-dst': ['ip'], 'ip-src|port': ['ip', undefined], 'ip-dst|port': ['ip', undefined],
  domain: ['domain'], hostname: ['domain'], 'domain|ip': ['domain', 'ip'], 'hostname|port': ['domain', undefined],
  url: ['url'], md5: ['md5'], sha1: ['sha1'], sha256: ['sha256'],
  'filename|md5': [undefined, 'md5'], 'filename|sha1': [undefined, 'sha1'], 'filename|sha256': [undefined, 'sha256'],
};

/** MISP threat_level_id (1 high, 2 medium, 3 low, 4 undefined) as a confidence figure. */
const THREAT_CONFIDENCE: Record<string, number> = { 1: 85, 2: 60, 3: 35 };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const tagNames = (v: unknown): string[] => arr(v).map((t) => str(obj(t)?.name)).filter((t): t is string => !!t);

function parseJson(input: string | unknown, result: ParseResult, position?: string): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch (e) {
    result.errors.push({ position, message: `not valid JSON: ${(e as Error).message}` });
    return undefined;
  }
}

/** One event (`{"Event": …}`, the bare event object, or a list of either / `{"response": […]}`). */
export function parseMispEvent(input: string | unknown, options: MispOptions = {}): ParseResult {
  const result = emptyResult();
  const data = parseJson(input, result);
  if (data === undefined) return result;
  const list = Array.isArray(data) ? data : Array.isArray(obj(data)?.response) ? (obj(data)!.response as unknown[]) : [data];
  list.forEach((item, k) => readEvent(item, options, result, list.length > 1 ? `[${k}] ` : ''));
  return result;
}

/**
 * A feed: the manifest object (uuid → event summary) and the event files by uuid (text or
 * parsed). An event in the manifest without its file is reported; files not in the manifest
 * are ignored, as MISP does.
 */
export function parseMispFeed(manifest: unknown, events: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>, options: MispOptions = {}): ParseResult {
  const result = emptyResult();
  const m = obj(parseJson(manifest, result, 'manifest.json'));
  if (!m) {
    if (!result.errors.length) result.errors.push({ position: 'manifest.json', message: 'manifest is not a JSON object of event uuids' });
    return result;
  }
  const get = (uuid: string) => (events instanceof Map ? events.get(uuid) : (events as Record<string, unknown>)[uuid]);
  for (const uuid of Object.keys(m)) {
    const file = get(uuid);
    if (file === undefined) {
      result.errors.push({ position: `manifest.json ${uuid}`, message: `event file ${uuid}.json is missing` });
      continue;
    }
    const data = parseJson(file, result, `${uuid}.json`);
    if (data !== undefined) readEvent(data, options, result, `${uuid}.json `);
  }
  return result;
}

function readEvent(data: unknown, options: MispOptions, result: ParseResult, where: string) {
  const event = obj(obj(data)?.Event) ?? obj(data);
  if (!event || (!('Attribute' in event) && !('Object' in event) && !('uuid' in event))) {
    result.errors.push({ ...(where.trim() ? { position: where.trim() } : {}), message: 'not a MISP event (no "Event" object)' });
    return;
  }
  const eventTags = tagNames(event.Tag);
  const ctx = {
    options, result, eventTags,
    eventTlp: eventTags.map(parseTlp).find(Boolean),
    source: options.source ?? str(obj(event.Orgc)?.name),
    confidence: options.confidence ?? THREAT_CONFIDENCE[str(event.threat_level_id) ?? ''],
    eventDate: isoTime(str(event.date)),
    info: str(event.info),
    nonIds: 0,
    unsupported: new Map<string, number>(),
  };
  arr(event.Attribute).forEach((a, k) => readAttribute(a, `${where}Event.Attribute[${k}]`, ctx));
  arr(event.Object).forEach((o, j) => {
    const name = str(obj(o)?.name);
    if (obj(o)?.deleted === true) return;
    arr(obj(o)?.Attribute).forEach((a, k) => readAttribute(a, `${where}Event.Object[${j}].Attribute[${k}]`, ctx, name));
  });
  const at = where.trim() ? { position: where.trim() } : {};
  if (ctx.nonIds) result.warnings.push({ ...at, message: `${ctx.nonIds} attribute(s) without the to_ids flag left out` });
  if (ctx.unsupported.size) {
    const list = [...ctx.unsupported].map(([t, n]) => `${t} (${n})`).join(', ');
    result.warnings.push({ ...at, message: `attribute types not matched by Renkei left out: ${list}` });
  }
}

interface Ctx {
  options: MispOptions;
  result: ParseResult;
  eventTags: string[];
  eventTlp: Tlp | undefined;
  source: string | undefined;
  confidence: number | undefined;
  eventDate: string | undefined;
  info: string | undefined;
  nonIds: number;
  unsupported: Map<string, number>;
}

function readAttribute(raw: unknown, position: string, ctx: Ctx, objectName?: string) {
  const a = obj(raw);
  const err = (message: string) => ctx.result.errors.push({ position, message } satisfies ParseIssue);
  if (!a) return err('attribute is not an object');
  if (a.deleted === true || a.deleted === '1') return;
  const type = str(a.type);
  const value = str(a.value);
  if (!type || value === undefined) return err('attribute has no type or value');
  const toIds = a.to_ids === true || a.to_ids === '1' || a.to_ids === 1;
  if (!toIds && !ctx.options.includeNonIds) {
    ctx.nonIds++;
    return;
  }
  const parts = TYPES[type];
  if (!parts) {
    ctx.unsupported.set(type, (ctx.unsupported.get(type) ?? 0) + 1);
    return;
  }
  const values = parts.length === 1 ? [value] : splitPipe(value, parts.length);
  if (!values) return err(`'${value}' is not of the form ${type.split('|').join('|')}`);
  const ownTags = tagNames(a.Tag);
  const allTags = [...ctx.eventTags, ...ownTags];
  const tags = [...(ctx.options.tags ?? []), ...allTags.filter((t) => !parseTlp(t))];
  if (objectName) tags.push(`misp-object:${objectName}`);
  const port = type.endsWith('|port') ? values[1]! : undefined;
  if (port !== undefined && /^\d{1,5}$/.test(port)) tags.push(`port:${port}`);
  parts.forEach((kind, k) => {
    if (!kind) return;
    const n = normalise(kind, values[k]!);
    if ('error' in n) return err(n.error);
    if (n.warning) ctx.result.warnings.push({ position, message: n.warning });
    const ind: Indicator = makeIndicator({
      type: n.type, value: n.value,
      category: ctx.options.category ?? categoryFrom([...allTags, str(a.category), objectName, str(a.comment)]),
      confidence: ctx.confidence,
      firstSeen: isoTime(str(a.first_seen)) ?? isoTime(str(a.timestamp)) ?? ctx.eventDate,
      lastSeen: isoTime(str(a.last_seen)),
      tlp: ownTags.map(parseTlp).find(Boolean) ?? ctx.eventTlp ?? ctx.options.tlp,
      source: ctx.source, externalId: str(a.uuid), description: str(a.comment) || ctx.info, tags: [...tags],
    });
    ctx.result.indicators.push(ind);
  });
}

/** `a|b` split at the last `|` for two parts (an IPv6 address has no `|`, a filename might). */
function splitPipe(value: string, n: number): string[] | undefined {
  if (n !== 2) return undefined;
  const bar = value.lastIndexOf('|');
  if (bar <= 0 || bar === value.length - 1) return undefined;
  return [value.slice(0, bar), value.slice(bar + 1)];
}
