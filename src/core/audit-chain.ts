import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/**
 * The audit log is a hash chain: each entry's hash covers its content and the previous
 * entry's hash, so changing, deleting or reordering any row breaks every later link.
 */
export interface AuditEntryContent {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorLabel: string;
  institutionId: string | null;
  ip: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  changes: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

export function auditEntryHash(prevHash: string, entry: AuditEntryContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(entry)).digest('hex');
}

export type ChainBreak = { seq: number; reason: 'hash-mismatch' | 'prev-mismatch' | 'gap'; expected: string; found: string };

/**
 * Verifies entries in sequence order, streaming: feed rows one at a time and stop at the first break.
 */
export class AuditChainVerifier {
  private prevHash = GENESIS_HASH;
  private prevSeq = 0;
  checked = 0;

  /** `startAfter` lets verification resume from a trusted checkpoint (seq and its hash). */
  constructor(startAfter?: { seq: number; hash: string }) {
    if (startAfter) {
      this.prevSeq = startAfter.seq;
      this.prevHash = startAfter.hash;
    }
  }

  next(entry: AuditEntryContent & { prevHash: string; hash: string }): ChainBreak | null {
    if (entry.seq !== this.prevSeq + 1) {
      return { seq: entry.seq, reason: 'gap', expected: String(this.prevSeq + 1), found: String(entry.seq) };
    }
    if (entry.prevHash !== this.prevHash) {
      return { seq: entry.seq, reason: 'prev-mismatch', expected: this.prevHash, found: entry.prevHash };
    }
    const { prevHash: _p, hash, ...content } = entry;
    const expected = auditEntryHash(this.prevHash, content);
    if (expected !== hash) return { seq: entry.seq, reason: 'hash-mismatch', expected, found: hash };
    this.prevHash = hash;
    this.prevSeq = entry.seq;
    this.checked++;
    return null;
  }
}

/** Field-level difference of two records, for the "what changed" column. Secrets are never passed in. */
export function diffRecords(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, { from: unknown; to: unknown }> {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of keys) {
    const a = before?.[k] ?? null;
    const b = after?.[k] ?? null;
    if (canonicalJson(a) !== canonicalJson(b)) out[k] = { from: a, to: b };
  }
  return out;
}
