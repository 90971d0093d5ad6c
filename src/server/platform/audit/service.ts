import { type Actor, can } from '../../../core/access.ts';
import { AuditChainVerifier, type ChainBreak, GENESIS_HASH, auditEntryHash } from '../../../core/audit-chain.ts';
import type { Db, Trx } from '../../db/index.ts';
import { lockForSequence } from '../../db/dialect.ts';
import { forbidden } from '../errors.ts';
import * as repo from './repo.ts';

const AUDIT_CHAIN_LOCK = 0x52454e4b; // "RENK"

export interface AuditEvent {
  action: string;
  objectType: string;
  objectId?: string | null;
  /** Whose data this is: decides which institution administrators see the entry. */
  institutionId?: string | null;
  /** What changed. Never put secrets (password hashes, tokens, MFA secrets) in here. */
  changes?: unknown;
}

/**
 * Appends an entry to the hash chain. Call it inside the transaction that makes the change,
 * so the change and its record commit or roll back together.
 */
export async function recordAudit(trx: Trx, actor: Actor, event: AuditEvent, now = new Date()): Promise<void> {
  await lockForSequence(trx, AUDIT_CHAIN_LOCK);
  const last = await repo.lastEntry(trx);
  const content = {
    seq: (last?.seq ?? 0) + 1,
    at: now.toISOString(),
    actorUserId: actor.userId,
    actorLabel: actor.label,
    institutionId: event.institutionId ?? actor.institutionId ?? null,
    ip: actor.ip,
    action: event.action,
    objectType: event.objectType,
    objectId: event.objectId ?? null,
    changes: event.changes ?? {},
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await repo.insertEntry(trx, {
    seq: content.seq,
    at: content.at,
    actor_user_id: content.actorUserId,
    actor_label: content.actorLabel,
    institution_id: content.institutionId,
    ip: content.ip,
    action: content.action,
    object_type: content.objectType,
    object_id: content.objectId,
    changes: JSON.stringify(content.changes),
    prev_hash: prevHash,
    hash: auditEntryHash(prevHash, content),
  });
}

export function toEntryContent(row: repo.AuditRow) {
  return {
    seq: row.seq,
    at: row.at,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    institutionId: row.institution_id,
    ip: row.ip,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    changes: JSON.parse(row.changes) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** An entry as stored; `sealed` marks one shown without its originator (see registerSealedObjectTypes). */
export type AuditEntry = Omit<ReturnType<typeof toEntryContent>, 'actorUserId' | 'ip'> & { actorUserId: string | null; ip: string | null; sealed?: true };

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBreak: ChainBreak | null;
}

export async function verifyChain(db: Db): Promise<VerifyResult> {
  const verifier = new AuditChainVerifier();
  for await (const row of repo.entriesInOrder(db)) {
    let entry;
    try {
      entry = toEntryContent(row);
    } catch {
      return { ok: false, checked: verifier.checked, firstBreak: { seq: row.seq, reason: 'hash-mismatch', expected: 'valid JSON', found: row.changes } };
    }
    const broken = verifier.next(entry);
    if (broken) return { ok: false, checked: verifier.checked, firstBreak: broken };
  }
  return { ok: true, checked: verifier.checked, firstBreak: null };
}

const sealedObjectTypes = new Set<string>();

/**
 * Object types whose entries name an originator that must stay anonymous (shared incident
 * reports): viewers from other institutions, the consortium administrator included, see them
 * without actor, address and institution. The stored entry and its hash are unchanged.
 */
export function registerSealedObjectTypes(...types: string[]): void {
  for (const t of types) sealedObjectTypes.add(t);
}

/** Institution administrators see their own institution's entries; consortium administrators see all. */
function scopeFilter(actor: Actor, filter: repo.AuditFilter): repo.AuditFilter {
  const institutionId = filter.institutionId ?? null;
  const sealed = { objectTypes: [...sealedObjectTypes], viewerInstitutionId: actor.institutionId ?? null };
  if (can.readAudit(actor, institutionId)) return { ...filter, sealed };
  if (institutionId === null && actor.institutionId && can.readAudit(actor, actor.institutionId)) {
    return { ...filter, institutionId: actor.institutionId, sealed };
  }
  throw forbidden();
}

function viewFor(actor: Actor, row: repo.AuditRow): AuditEntry {
  const entry = toEntryContent(row);
  if (!sealedObjectTypes.has(row.object_type) || (row.institution_id !== null && row.institution_id === actor.institutionId)) return entry;
  return { ...entry, actorUserId: null, actorLabel: '参加機関 / a member', institutionId: null, ip: null, changes: {}, sealed: true };
}

export async function listAudit(db: Db, actor: Actor, filter: repo.AuditFilter, limit: number) {
  const rows = await repo.listEntries(db, scopeFilter(actor, filter), limit + 1);
  const page = rows.slice(0, limit).map((r) => viewFor(actor, r));
  return { items: page, nextBeforeSeq: rows.length > limit ? page[page.length - 1]!.seq : null };
}

export async function* exportAudit(db: Db, actor: Actor, filter: repo.AuditFilter): AsyncGenerator<AuditEntry> {
  const scoped = scopeFilter(actor, filter);
  for await (const row of repo.filteredInOrder(db, scoped)) yield viewFor(actor, row);
}
