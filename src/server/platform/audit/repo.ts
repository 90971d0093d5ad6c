import type { Db, Trx } from '../../db/index.ts';
import type { AuditLogTable } from '../../db/schema.ts';

export type AuditRow = AuditLogTable;

export async function lastEntry(db: Db | Trx): Promise<Pick<AuditRow, 'seq' | 'hash'> | undefined> {
  return db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export async function insertEntry(db: Db | Trx, row: AuditRow): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

export interface AuditFilter {
  institutionId?: string | null;
  actorUserId?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  from?: string;
  to?: string;
  q?: string;
  beforeSeq?: number;
  /**
   * Entries about sealed objects (anonymous shared reports) that the viewer may see only
   * masked: with filters that single out an institution or a person, such entries of other
   * institutions are left out, so a filter cannot join them back to their originator.
   */
  sealed?: { objectTypes: readonly string[]; viewerInstitutionId: string | null };
}

function filtered(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.institutionId) q = q.where('institution_id', '=', f.institutionId);
  if (f.actorUserId) q = q.where('actor_user_id', '=', f.actorUserId);
  if (f.action) q = q.where('action', 'like', `${escapeLike(f.action)}%`);
  if (f.objectType) q = q.where('object_type', '=', f.objectType);
  if (f.objectId) q = q.where('object_id', '=', f.objectId);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    q = q.where((eb) => eb.or([eb('actor_label', 'like', like), eb('changes', 'like', like), eb('object_id', 'like', like)]));
  }
  const sealed = f.sealed;
  if (sealed?.objectTypes.length && (f.institutionId || f.actorUserId || f.q)) {
    q = q.where((eb) => eb.or([eb('object_type', 'not in', [...sealed.objectTypes]), ...(sealed.viewerInstitutionId ? [eb('institution_id', '=', sealed.viewerInstitutionId)] : [])]));
  }
  return q;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listEntries(db: Db, f: AuditFilter, limit: number): Promise<AuditRow[]> {
  let q = filtered(db, f).selectAll();
  if (f.beforeSeq) q = q.where('seq', '<', f.beforeSeq);
  return q.orderBy('seq', 'desc').limit(limit).execute();
}

/** Streams the chain in order, a page at a time, so that verifying a long log needs little memory. */
export async function* entriesInOrder(db: Db, pageSize = 2000): AsyncGenerator<AuditRow> {
  let after = 0;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.seq;
  }
}

export async function* filteredInOrder(db: Db, f: AuditFilter, pageSize = 2000): AsyncGenerator<AuditRow> {
  let after = 0;
  for (;;) {
    const page = await filtered(db, f).selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.seq;
  }
}
