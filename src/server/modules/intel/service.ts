import { type Actor, can } from '../../../core/access.ts';
import type { Tlp } from '../../../core/intel/indicator.ts';
import { type PrefixSet, PrefixSetBuilder } from '../../../core/intel/prefix-set.ts';
import { parseIpLike } from '../../../core/intel/ip.ts';
import { normaliseDomain } from '../../../core/intel/indicator.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Db, Trx } from '../../db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/secrets.ts';
import { type IndicatorFormat, detectIndicatorFormat, parseIndicators } from './formats.ts';
import * as repo from './repo.ts';

const MAX_REPORTED_ISSUES = 200;

export async function listSources(deps: Deps, actor: Actor) {
  if (!can.manageIntel(actor)) throw forbidden();
  const [rows, counts] = await Promise.all([repo.listSources(deps.db), repo.countBySource(deps.db)]);
  return rows.map((r) => ({
    id: r.id, name: r.name, format: r.format, defaultCategory: r.default_category, defaultConfidence: r.default_confidence, defaultTlp: r.default_tlp,
    note: r.note, createdAt: r.created_at, lastImportAt: r.last_import_at, disabledAt: r.disabled_at, indicators: counts.get(r.id) ?? 0,
  }));
}

export async function createSource(deps: Deps, actor: Actor, input: { name: string; format: string; defaultCategory?: string | undefined; defaultConfidence?: number | undefined; defaultTlp?: Tlp | undefined; note?: string | undefined }) {
  if (!can.manageIntel(actor) || !actor.userId) throw forbidden();
  const row: repo.SourceRow = {
    id: newId(), name: input.name, format: input.format, default_category: input.defaultCategory ?? null, default_confidence: input.defaultConfidence ?? null,
    default_tlp: input.defaultTlp ?? null, note: input.note ?? null, created_by: actor.userId, created_at: deps.now().toISOString(), last_import_at: null, disabled_at: null,
  };
  await deps.db.transaction().execute(async (trx) => {
    if (await repo.findSourceByName(trx, input.name)) throw new AppError('conflict', `情報源「${input.name}」はすでにあります`, [{ path: 'body.name', message: 'already exists' }]);
    await repo.insertSource(trx, row);
    await recordAudit(trx, actor, { action: 'intel.source_create', objectType: 'indicator_source', objectId: row.id, changes: input });
  });
  return { id: row.id };
}

/** A disabled source's indicators stop matching at once; enabling brings them back. */
export async function setSourceEnabled(deps: Deps, actor: Actor, id: string, enabled: boolean) {
  if (!can.manageIntel(actor)) throw forbidden();
  await deps.db.transaction().execute(async (trx) => {
    const source = await repo.findSource(trx, id);
    if (!source) throw notFound('Source');
    await repo.updateSource(trx, id, { disabled_at: enabled ? null : deps.now().toISOString() });
    await recordAudit(trx, actor, { action: enabled ? 'intel.source_enable' : 'intel.source_disable', objectType: 'indicator_source', objectId: id });
  });
}

export interface ImportReport {
  format: IndicatorFormat;
  added: number;
  updated: number;
  rejected: number;
  warnings: number;
  /** Entries not taken, with line or position, at most MAX_REPORTED_ISSUES. */
  issues: { line?: number | undefined; position?: string | undefined; message: string }[];
}

/** Parses a feed file and upserts its indicators into the source; malformed entries are reported and skipped, the rest is taken. */
export async function importIndicators(deps: Deps, actor: Actor, sourceId: string, file: { filename: string; text: string }, format?: IndicatorFormat): Promise<ImportReport> {
  if (!can.manageIntel(actor) || !actor.userId) throw forbidden();
  const source = await repo.findSource(deps.db, sourceId);
  if (!source) throw notFound('Source');
  const chosen = format ?? detectIndicatorFormat(file.text);
  let parsed;
  try {
    parsed = parseIndicators(chosen, file.text, {
      source: source.name, category: source.default_category ?? undefined, confidence: source.default_confidence ?? undefined, tlp: (source.default_tlp as Tlp | null) ?? undefined,
    });
  } catch (err) {
    throw new AppError('validation', `${file.filename} を ${chosen} 形式として読めません: ${(err as Error).message}`, [{ path: 'file', message: (err as Error).message }]);
  }
  if (!parsed.indicators.length && parsed.errors.length) {
    throw new AppError('validation', `${file.filename}: 取り込める指標がありません（${parsed.errors.length} 件の誤り。最初: ${parsed.errors[0]!.message}）`, parsed.errors.slice(0, 20).map((e) => ({ path: e.line ? `line ${e.line}` : (e.position ?? 'file'), message: e.message })));
  }
  const now = deps.now().toISOString();
  const existing = await repo.existingKeys(deps.db, sourceId);
  const seen = new Set<string>();
  const rows: repo.IndicatorRow[] = [];
  let added = 0;
  for (const i of parsed.indicators) {
    const key = `${i.type} ${i.value}`;
    if (seen.has(key)) continue; // the same indicator twice in one file: the first wins
    seen.add(key);
    if (!existing.has(key)) added++;
    rows.push({
      id: newId(), source_id: sourceId, type: i.type, value: i.value, category: i.category ?? null, confidence: i.confidence ?? null,
      first_seen: i.firstSeen ?? null, last_seen: i.lastSeen ?? null, valid_until: i.validUntil ?? null, tlp: i.tlp ?? null,
      tags: JSON.stringify(i.tags), external_id: i.externalId ?? null, description: i.description ?? null, created_at: now, updated_at: now,
    });
  }
  const report: ImportReport = {
    format: chosen, added, updated: rows.length - added, rejected: parsed.errors.length, warnings: parsed.warnings.length,
    issues: parsed.errors.slice(0, MAX_REPORTED_ISSUES).map((e) => ({ line: e.line, position: e.position, message: e.message })),
  };
  await deps.db.transaction().execute(async (trx) => {
    await repo.upsertIndicators(trx, rows);
    await repo.updateSource(trx, sourceId, { last_import_at: now });
    await repo.insertImport(trx, {
      id: newId(), source_id: sourceId, filename: file.filename, format: chosen, added: report.added, updated: report.updated, rejected: report.rejected,
      issues: JSON.stringify(report.issues), imported_by: actor.userId!, imported_at: now,
    });
    await recordAudit(trx, actor, { action: 'intel.import', objectType: 'indicator_source', objectId: sourceId, changes: { filename: file.filename, format: chosen, added, updated: report.updated, rejected: report.rejected } });
  });
  return report;
}

export async function listIndicators(deps: Deps, actor: Actor, filter: repo.IndicatorFilter & { activeOnly?: boolean | undefined }, page: number, pageSize: number) {
  if (!can.manageIntel(actor)) throw forbidden();
  const { activeOnly, ...f } = filter;
  const { rows, total } = await repo.listIndicators(deps.db, { ...f, activeAt: activeOnly ? deps.now().toISOString() : undefined }, (page - 1) * pageSize, pageSize);
  const now = deps.now().toISOString();
  return {
    items: rows.map((r) => ({
      id: r.id, type: r.type, value: r.value, category: r.category, confidence: r.confidence, firstSeen: r.first_seen, lastSeen: r.last_seen,
      validUntil: r.valid_until, expired: !!r.valid_until && r.valid_until <= now, tlp: r.tlp, tags: JSON.parse(r.tags) as string[],
      source: { id: r.source_id, name: r.source_name }, externalId: r.external_id, description: r.description, updatedAt: r.updated_at,
    })),
    total, page, pageSize,
  };
}

/** Normalises a registry entry: an address, CIDR or range, or a domain name. */
function normaliseNetwork(kind: 'prefix' | 'domain', value: string): string {
  if (kind === 'domain') {
    const d = normaliseDomain(value);
    if (!d) throw new AppError('validation', `「${value}」はドメイン名として正しくありません`, [{ path: 'body.value', message: 'not a domain name' }]);
    return d;
  }
  if (!parseIpLike(value.trim())) throw new AppError('validation', `「${value}」はアドレス・プレフィックス（例: 192.0.2.0/24, 2001:db8::/32）として正しくありません`, [{ path: 'body.value', message: 'not an address prefix' }]);
  return value.trim().toLowerCase();
}

export async function listNetworks(deps: Deps, actor: Actor, institutionId: string) {
  if (!can.readNetworks(actor, institutionId)) throw forbidden();
  return (await repo.networksOf(deps.db, institutionId)).map((n) => ({ id: n.id, kind: n.kind, value: n.value, note: n.note, createdAt: n.created_at }));
}

export async function addNetwork(deps: Deps, actor: Actor, institutionId: string, input: { kind: 'prefix' | 'domain'; value: string; note?: string | undefined }) {
  if (!can.manageNetworks(actor, institutionId) || !actor.userId) throw forbidden();
  const value = normaliseNetwork(input.kind, input.value);
  const row: repo.NetworkRow = { id: newId(), institution_id: institutionId, kind: input.kind, value, note: input.note ?? null, created_by: actor.userId, created_at: deps.now().toISOString() };
  await deps.db.transaction().execute(async (trx) => {
    const taken = await repo.findNetworkByValue(trx, input.kind, value);
    // Another member's registration is not disclosed, only that the value is registered.
    if (taken) throw new AppError('conflict', `${value} はすでに登録されています`, [{ path: 'body.value', message: 'already registered' }]);
    await repo.insertNetwork(trx, row);
    await recordAudit(trx, actor, { action: 'network.add', objectType: 'institution_network', objectId: row.id, institutionId, changes: { kind: input.kind, value } });
  });
  return { id: row.id, value };
}

export async function removeNetwork(deps: Deps, actor: Actor, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const n = await repo.findNetwork(trx, id);
    if (!n || !can.manageNetworks(actor, n.institution_id)) throw notFound('Network');
    await repo.deleteNetwork(trx, id);
    await recordAudit(trx, actor, { action: 'network.remove', objectType: 'institution_network', objectId: id, institutionId: n.institution_id, changes: { kind: n.kind, value: n.value } });
  });
}

/** Which member an address belongs to: the most specific registered prefix decides. Operators only. */
export async function lookupAddress(deps: Deps, actor: Actor, address: string) {
  if (!can.manageIntel(actor)) throw forbidden();
  const networks = (await repo.allNetworks(deps.db)).filter((n) => n.kind === 'prefix');
  const builder = new PrefixSetBuilder();
  networks.forEach((n, i) => builder.add(n.value, i));
  const set = builder.build();
  let hit: number;
  try {
    hit = set.lookup(address.trim());
  } catch {
    throw new AppError('validation', `「${address}」は IP アドレスとして正しくありません`, [{ path: 'query.address', message: 'not an IP address' }]);
  }
  const n = hit >= 0 ? networks[hit] : undefined;
  return { address, institutionId: n?.institution_id ?? null, prefix: n?.value ?? null };
}

/**
 * Which member institution each address belongs to: the registry's prefixes of member
 * institutions (the operator organisation has no hosts to alert about) in one prefix set whose
 * payload indexes `institutionIds`. The most specific prefix decides; between two entries of the
 * same size, the earlier registration. The flow pipeline matches with this set and the flow-alert
 * ingest checks sightings against it, so both apply one rule. Internal (no actor): for services.
 */
export interface MemberAddressMap {
  set: PrefixSet;
  institutionIds: string[];
  /** Prefixes in the set, and stored values that would not parse (validated on entry; skipped). */
  prefixes: number;
  invalid: number;
}

export async function memberAddressMap(db: Db | Trx): Promise<MemberAddressMap> {
  const rows = await repo.memberPrefixes(db);
  const institutionIds: string[] = [];
  const slot = new Map<string, number>();
  const builder = new PrefixSetBuilder();
  let invalid = 0;
  for (const n of rows) {
    let i = slot.get(n.institution_id);
    if (i === undefined) {
      i = institutionIds.push(n.institution_id) - 1;
      slot.set(n.institution_id, i);
    }
    try {
      builder.add(n.value, i);
    } catch {
      invalid++; // one bad stored row must not stop the rest
    }
  }
  return { set: builder.build(), institutionIds, prefixes: rows.length - invalid, invalid };
}

/** The member institution whose most specific prefix holds `address`, or null (also for text that is no address). */
export function memberOf(map: MemberAddressMap, address: string): string | null {
  let hit: number;
  try {
    hit = map.set.lookup(address);
  } catch {
    return null;
  }
  return hit >= 0 ? map.institutionIds[hit]! : null;
}
