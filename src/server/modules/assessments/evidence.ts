/**
 * Evidence records: a file or a link, with effective date and expiry, kept in versions; files
 * are checked (allowed types, content matching the name, size limit of uploads.ts) and stored
 * once per SHA-256. One record can serve several items, campaigns and, later, audits.
 */
import crypto from 'node:crypto';
import { checkEvidenceFile, checkEvidenceUrl, isExpired } from '../../../core/assessments/evidence.ts';
import { isCalendarDate, jstDate } from '../../../core/assessments/rules.ts';
import { type Actor, can } from '../../../core/access.ts';
import type { Db, Trx } from '../../db/index.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/secrets.ts';
import type { UploadedFile } from '../../platform/uploads.ts';
import { denied } from './context.ts';
import * as repo from './repo.ts';

type Q = Db | Trx;

const evidenceNotFound = () => new AppError('not_found', '証跡が見つかりません / Evidence not found');

/** Managers and the person who registered it; respondents and reviewers of answers it is linked to. Never outside the institution. */
export async function canReadEvidence(q: Q, actor: Actor, e: repo.EvidenceRow): Promise<boolean> {
  if (!actor.userId || e.institution_id !== actor.institutionId) return false;
  if (can.manageAssessments(actor, e.institution_id) || e.created_by === actor.userId) return true;
  const links = await repo.linksOfEvidence(q, e.id);
  return links.some((l) => l.respondent_id === actor.userId || l.owner_id === actor.userId);
}

const mayChange = (actor: Actor, e: repo.EvidenceRow) => e.institution_id === actor.institutionId && (e.created_by === actor.userId || can.manageAssessments(actor, e.institution_id));

export interface EvidenceMeta {
  effectiveFrom?: string | undefined;
  expiresOn?: string | undefined;
  note?: string | undefined;
}

function checkDates(meta: EvidenceMeta, prefix: string) {
  const errors = [];
  if (meta.effectiveFrom && !isCalendarDate(meta.effectiveFrom)) errors.push({ path: `${prefix}.effectiveFrom`, message: 'not a calendar date' });
  if (meta.expiresOn && !isCalendarDate(meta.expiresOn)) errors.push({ path: `${prefix}.expiresOn`, message: 'not a calendar date' });
  if (errors.length) throw new AppError('validation', '日付が正しくありません / Not a valid date', errors);
  if (meta.effectiveFrom && meta.expiresOn && meta.expiresOn < meta.effectiveFrom) {
    throw new AppError('validation', '有効期限は発効日より後にしてください / The expiry must not be before the effective date', [{ path: `${prefix}.expiresOn`, message: 'before effectiveFrom' }]);
  }
}

function member(actor: Actor): { institutionId: string; userId: string } {
  if (actor.kind !== 'user' || !actor.institutionId || !actor.userId) throw denied();
  return { institutionId: actor.institutionId, userId: actor.userId };
}

function fileVersion(deps: Deps, evidenceId: string, versionNo: number, file: UploadedFile, meta: EvidenceMeta, userId: string) {
  const check = checkEvidenceFile(file.filename, file.bytes);
  if (!check.ok) throw new AppError('unsupported_media_type', check.message, [{ path: 'file', message: 'file type not allowed' }]);
  const sha256 = crypto.createHash('sha256').update(file.bytes).digest('hex');
  const version: repo.VersionRow = {
    id: newId(), evidence_id: evidenceId, version_no: versionNo, url: null, filename: file.filename, media_type: check.kind.mediaType, size_bytes: file.bytes.length, sha256,
    effective_from: meta.effectiveFrom ?? null, expires_on: meta.expiresOn ?? null, note: meta.note ?? null, created_by: userId, created_at: deps.now().toISOString(),
  };
  return version;
}

function linkVersion(deps: Deps, evidenceId: string, versionNo: number, url: string, meta: EvidenceMeta, userId: string): repo.VersionRow {
  const bad = checkEvidenceUrl(url);
  if (bad) throw new AppError('validation', bad, [{ path: 'body.url', message: 'not an http(s) URL' }]);
  return {
    id: newId(), evidence_id: evidenceId, version_no: versionNo, url, filename: null, media_type: null, size_bytes: null, sha256: null,
    effective_from: meta.effectiveFrom ?? null, expires_on: meta.expiresOn ?? null, note: meta.note ?? null, created_by: userId, created_at: deps.now().toISOString(),
  };
}

export async function createLinkEvidence(deps: Deps, actor: Actor, input: { title: string; url: string } & EvidenceMeta) {
  const { institutionId, userId } = member(actor);
  checkDates(input, 'body');
  const id = newId();
  const now = deps.now().toISOString();
  const version = linkVersion(deps, id, 1, input.url, input, userId);
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertEvidence(trx, { id, institution_id: institutionId, title: input.title, kind: 'link', current_version: 1, created_by: userId, created_at: now, updated_at: now }, version);
    await recordAudit(trx, actor, { action: 'evidence.create', objectType: 'evidence', objectId: id, institutionId, changes: { title: input.title, kind: 'link', url: input.url, effectiveFrom: input.effectiveFrom ?? null, expiresOn: input.expiresOn ?? null } }, deps.now());
  });
  return getEvidence(deps, actor, id);
}

export async function createFileEvidence(deps: Deps, actor: Actor, file: UploadedFile, input: { title?: string | undefined } & EvidenceMeta) {
  const { institutionId, userId } = member(actor);
  checkDates(input, 'query');
  const id = newId();
  const now = deps.now().toISOString();
  const version = fileVersion(deps, id, 1, file, input, userId);
  const title = input.title ?? file.filename;
  await deps.db.transaction().execute(async (trx) => {
    await repo.putBlob(trx, version.sha256!, file.bytes, now);
    await repo.insertEvidence(trx, { id, institution_id: institutionId, title, kind: 'file', current_version: 1, created_by: userId, created_at: now, updated_at: now }, version);
    await recordAudit(trx, actor, {
      action: 'evidence.create', objectType: 'evidence', objectId: id, institutionId,
      changes: { title, kind: 'file', filename: file.filename, size: file.bytes.length, sha256: version.sha256, effectiveFrom: input.effectiveFrom ?? null, expiresOn: input.expiresOn ?? null },
    }, deps.now());
  });
  return getEvidence(deps, actor, id);
}

/** A new version (a newer file or a moved link); answers keep the version they were linked with and show that a newer one exists. */
export async function addEvidenceVersion(deps: Deps, actor: Actor, id: string, content: { file: UploadedFile } | { url: string }, meta: EvidenceMeta) {
  const { userId } = member(actor);
  checkDates(meta, 'file' in content ? 'query' : 'body');
  const existing = await repo.findEvidence(deps.db, id);
  if (!existing || !(await canReadEvidence(deps.db, actor, existing))) throw evidenceNotFound();
  if (!mayChange(actor, existing)) throw denied();
  const expected = 'file' in content ? 'file' : 'link';
  if (existing.kind !== expected) {
    throw new AppError('conflict', existing.kind === 'file' ? 'ファイルの証跡の新しい版はファイルで登録してください / A file record takes files' : 'リンクの証跡の新しい版はリンクで登録してください / A link record takes links');
  }
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const e = await repo.findEvidence(trx, id);
    const no = e!.current_version + 1;
    const version = 'file' in content ? fileVersion(deps, id, no, content.file, meta, userId) : linkVersion(deps, id, no, content.url, meta, userId);
    if ('file' in content) await repo.putBlob(trx, version.sha256!, content.file.bytes, now);
    await repo.insertVersion(trx, version, now);
    await recordAudit(trx, actor, {
      action: 'evidence.version', objectType: 'evidence', objectId: id, institutionId: e!.institution_id,
      changes: { versionNo: no, filename: version.filename, sha256: version.sha256, url: version.url, effectiveFrom: version.effective_from, expiresOn: version.expires_on },
    }, deps.now());
  });
  return getEvidence(deps, actor, id);
}

function versionView(v: repo.VersionRow, today: string) {
  return {
    versionNo: v.version_no, url: v.url, filename: v.filename, mediaType: v.media_type, size: v.size_bytes, sha256: v.sha256,
    effectiveFrom: v.effective_from, expiresOn: v.expires_on, expired: isExpired(v.expires_on, today), note: v.note, createdAt: v.created_at,
  };
}

export async function listEvidence(deps: Deps, actor: Actor, mine = false) {
  const { institutionId, userId } = member(actor);
  const all = can.manageAssessments(actor, institutionId) && !mine;
  const rows = await repo.evidenceOf(deps.db, institutionId, all ? undefined : userId);
  const today = jstDate(deps.now());
  return rows.map((r) => ({
    id: r.id, title: r.title, kind: r.kind, currentVersion: r.current_version, url: r.url, filename: r.filename, size: r.size_bytes, sha256: r.sha256,
    effectiveFrom: r.effective_from, expiresOn: r.expires_on, expired: isExpired(r.expires_on, today), updatedAt: r.updated_at,
  }));
}

export async function getEvidence(deps: Deps, actor: Actor, id: string) {
  const e = await repo.findEvidence(deps.db, id);
  if (!e || !(await canReadEvidence(deps.db, actor, e))) throw evidenceNotFound();
  const [versions, links] = await Promise.all([repo.versionsOf(deps.db, id), repo.linksOfEvidence(deps.db, id)]);
  const today = jstDate(deps.now());
  const current = versions.find((v) => v.version_no === e.current_version)!;
  return {
    id: e.id, title: e.title, kind: e.kind, currentVersion: e.current_version, expired: isExpired(current.expires_on, today), createdAt: e.created_at, updatedAt: e.updated_at,
    current: versionView(current, today),
    versions: versions.map((v) => versionView(v, today)),
    usedIn: links.map((l) => ({ campaignId: l.assessment_id, campaignTitle: l.assessment_title, fiscalYear: l.fiscal_year, itemId: l.item_id, citation: l.citation, answerId: l.answer_id, linkedVersion: l.version_no, linkedAt: l.linked_at })),
  };
}

export async function evidenceFile(deps: Deps, actor: Actor, id: string, versionNo: number) {
  const e = await repo.findEvidence(deps.db, id);
  if (!e || !(await canReadEvidence(deps.db, actor, e))) throw evidenceNotFound();
  const v = await repo.findVersion(deps.db, id, versionNo);
  if (!v) throw new AppError('not_found', 'その版はありません / No such version');
  if (!v.sha256) throw new AppError('not_found', 'この版はリンクのため、ファイルはありません / This version is a link, not a file');
  const b = await repo.blob(deps.db, v.sha256);
  if (!b) throw evidenceNotFound();
  return { filename: v.filename ?? 'evidence', mediaType: v.media_type ?? 'application/octet-stream', bytes: Buffer.from(b.content), sha256: v.sha256 };
}
