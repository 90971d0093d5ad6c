import { type Actor, can, isConsortiumAdmin } from '../../../core/access.ts';
import { PASSWORD_PROBLEM_TEXT, checkPassword } from '../../../core/password-policy.ts';
import { CONSORTIUM_ROLES, type InstitutionKind, type Role } from '../../../common/roles.ts';
import type { Trx } from '../../db/index.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { normaliseEmail } from '../../platform/auth/service.ts';
import { lockedUserEmails } from '../../platform/auth/service.ts';
import { revokeUserSessions } from '../../platform/auth/repo.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { enqueueEmail, notifyUsers } from '../../platform/outbox/service.ts';
import { hashSecret, newId, newSecret } from '../../platform/secrets.ts';
import * as repo from './repo.ts';
import { ROLE_LABEL_JA, invitationMail, toInstitution, toInvitation } from './views.ts';

const INVITATION_DAYS = 7;

export interface InstitutionInput {
  code: string;
  kind: InstitutionKind;
  nameJa: string;
  nameEn: string;
  incidentDeskEmail?: string | null | undefined;
  incidentDeskPhone?: string | null | undefined;
  externalReportEmail?: string | null | undefined;
  externalReportUrl?: string | null | undefined;
}

const CONTACT_FIELDS = ['incidentDeskEmail', 'incidentDeskPhone', 'externalReportEmail', 'externalReportUrl'] as const;

function institutionColumns(input: Partial<InstitutionInput>) {
  const map = {
    code: 'code', kind: 'kind', nameJa: 'name_ja', nameEn: 'name_en', incidentDeskEmail: 'incident_desk_email',
    incidentDeskPhone: 'incident_desk_phone', externalReportEmail: 'external_report_email', externalReportUrl: 'external_report_url',
  } as const;
  const out: Partial<repo.InstitutionRow> = {};
  for (const [k, col] of Object.entries(map)) {
    const v = input[k as keyof InstitutionInput];
    if (v !== undefined) (out as Record<string, unknown>)[col] = v;
  }
  return out;
}

export async function listInstitutions(deps: Deps, actor: Actor) {
  if (!can.readDirectory(actor)) throw forbidden();
  return (await repo.listInstitutions(deps.db)).map(toInstitution);
}

export async function getInstitution(deps: Deps, actor: Actor, id: string) {
  if (!can.readDirectory(actor)) throw forbidden();
  const row = await repo.findInstitution(deps.db, id);
  if (!row) throw notFound('Institution');
  return toInstitution(row);
}

export async function createInstitution(deps: Deps, actor: Actor, input: InstitutionInput) {
  if (!can.manageInstitutions(actor)) throw forbidden();
  const now = deps.now().toISOString();
  const row: repo.InstitutionRow = {
    id: newId(),
    code: input.code,
    kind: input.kind,
    name_ja: input.nameJa,
    name_en: input.nameEn,
    incident_desk_email: input.incidentDeskEmail ?? null,
    incident_desk_phone: input.incidentDeskPhone ?? null,
    external_report_email: input.externalReportEmail ?? null,
    external_report_url: input.externalReportUrl ?? null,
    created_at: now,
    updated_at: now,
  };
  await deps.db.transaction().execute(async (trx) => {
    if (await repo.findInstitutionByCode(trx, input.code)) {
      throw new AppError('conflict', `略称「${input.code}」はすでに使われています`, [{ path: 'body.code', message: 'already in use' }]);
    }
    await repo.insertInstitution(trx, row);
    await recordAudit(trx, actor, { action: 'institution.create', objectType: 'institution', objectId: row.id, institutionId: row.id, changes: input });
  });
  return toInstitution(row);
}

export async function updateInstitution(deps: Deps, actor: Actor, id: string, patch: Partial<InstitutionInput>) {
  const onlyContacts = Object.keys(patch).every((k) => (CONTACT_FIELDS as readonly string[]).includes(k));
  if (!(onlyContacts ? can.editInstitutionContacts(actor, id) : can.manageInstitutions(actor))) throw forbidden();
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.findInstitution(trx, id);
    if (!before) throw notFound('Institution');
    if (patch.code && patch.code !== before.code && (await repo.findInstitutionByCode(trx, patch.code))) {
      throw new AppError('conflict', `略称「${patch.code}」はすでに使われています`, [{ path: 'body.code', message: 'already in use' }]);
    }
    const cols = institutionColumns(patch);
    const after = { ...before, ...cols, updated_at: deps.now().toISOString() };
    await repo.updateInstitution(trx, id, after);
    const from = toInstitution(before);
    const to = toInstitution(after);
    const changes = Object.fromEntries(
      Object.keys(patch).filter((k) => from[k as keyof typeof from] !== to[k as keyof typeof to]).map((k) => [k, { from: from[k as keyof typeof from], to: to[k as keyof typeof to] }]),
    );
    await recordAudit(trx, actor, { action: 'institution.update', objectType: 'institution', objectId: id, institutionId: id, changes });
    return to;
  });
}

export async function listMembers(deps: Deps, actor: Actor, filter: repo.MemberFilter, page: number, pageSize: number) {
  if (!can.readMembers(actor, filter.institutionId)) throw forbidden();
  const { rows, total } = await repo.listMembers(deps.db, filter, (page - 1) * pageSize, pageSize);
  const roles = await repo.rolesOf(deps.db, rows.map((r) => r.id));
  const locked = await lockedUserEmails(deps, rows.map((r) => r.email));
  return {
    items: rows.map((r) => ({
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      roles: (roles.get(r.id) ?? []) as Role[],
      status: r.status,
      mfaEnabled: !!r.mfa_enabled_at,
      lastLoginAt: r.last_login_at,
      createdAt: r.created_at,
      locked: locked.has(r.email),
    })),
    total,
    page,
    pageSize,
  };
}

const isConsortiumRole = (r: string) => (CONSORTIUM_ROLES as readonly string[]).includes(r);

/** Which roles fit which kind of institution: operators work for the operator, coordinators speak for a member. */
function assertRolesFit(institution: repo.InstitutionRow, roles: Role[]) {
  const fields = [] as { path: string; message: string }[];
  if (roles.includes('operator') && institution.kind !== 'operator') fields.push({ path: 'body.roles', message: 'オペレーターは運用組織の構成員にのみ付与できます' });
  if (roles.includes('coordinator') && institution.kind !== 'member') fields.push({ path: 'body.roles', message: '運用責任者は加盟機関の構成員にのみ付与できます' });
  if (fields.length) throw new AppError('validation', '付与できない役割が含まれています', fields);
}

/** Consortium roles are the consortium's to grant or take away, not the member's. */
function assertMayChangeConsortiumRoles(actor: Actor, before: string[], after: string[]) {
  const changed = before.filter(isConsortiumRole).join() !== after.filter(isConsortiumRole).join();
  if (changed && !can.grantConsortiumRoles(actor)) {
    throw new AppError('forbidden', 'コンソーシアムの役割（運用責任者・オペレーター）はコンソーシアム管理者だけが変更できます');
  }
}

async function assertCoordinatorFree(trx: Trx, institutionId: string, forUserId: string | null) {
  const current = await repo.coordinatorOf(trx, institutionId);
  if (current && current.user_id !== forUserId) throw new AppError('conflict', 'この機関にはすでに運用責任者がいます（1機関1名）');
}

export async function invite(deps: Deps, actor: Actor, institutionId: string, input: { email: string; displayName: string; roles: Role[] }) {
  if (!can.manageMembers(actor, institutionId)) throw forbidden();
  const email = normaliseEmail(input.email);
  const token = newSecret();
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const institution = await repo.findInstitution(trx, institutionId);
    if (!institution) throw notFound('Institution');
    assertRolesFit(institution, input.roles);
    assertMayChangeConsortiumRoles(actor, [], input.roles);
    if (input.roles.includes('coordinator')) await assertCoordinatorFree(trx, institutionId, null);
    if (await repo.findUserByEmail(trx, email)) {
      throw new AppError('conflict', 'このメールアドレスのアカウントはすでにあります', [{ path: 'body.email', message: 'already registered' }]);
    }
    const row: repo.InvitationRow = {
      id: newId(),
      token_hash: hashSecret(token),
      institution_id: institutionId,
      email,
      display_name: input.displayName,
      roles: JSON.stringify([...new Set(input.roles)].sort()),
      invited_by: actor.userId ?? 'system',
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
      accepted_at: null,
      revoked_at: null,
    };
    await repo.insertInvitation(trx, row);
    const link = `${deps.config.baseUrl}/invite/${token}`;
    await enqueueEmail(trx, 'account.invitation', invitationMail(institution, row, link), now);
    await recordAudit(trx, actor, {
      action: 'invitation.create', objectType: 'invitation', objectId: row.id, institutionId,
      changes: { email, displayName: input.displayName, roles: input.roles, expiresAt: row.expires_at },
    }, now);
    return { invitation: toInvitation(row), link };
  });
}

async function openInvitation(trx: Trx | Deps['db'], token: string, now: Date) {
  const inv = await repo.findInvitationByTokenHash(trx, hashSecret(token));
  if (!inv || inv.revoked_at || inv.accepted_at || new Date(inv.expires_at) <= now) {
    throw new AppError('gone', 'この招待リンクは無効か、期限が切れています。管理者に再発行を依頼してください');
  }
  return inv;
}

export async function invitationDetails(deps: Deps, token: string) {
  const inv = await openInvitation(deps.db, token, deps.now());
  const inst = await repo.findInstitution(deps.db, inv.institution_id);
  return {
    email: inv.email,
    displayName: inv.display_name,
    roles: JSON.parse(inv.roles) as Role[],
    institution: { code: inst?.code ?? '', nameJa: inst?.name_ja ?? '', nameEn: inst?.name_en ?? '' },
    expiresAt: inv.expires_at,
  };
}

export async function acceptInvitation(deps: Deps, token: string, input: { displayName: string; password: string }, ip: string | null) {
  const now = deps.now();
  const pre = await openInvitation(deps.db, token, now);
  const problems = checkPassword(input.password, pre.email);
  if (problems.length) throw new AppError('validation', 'パスワードが要件を満たしていません', problems.map((p) => ({ path: 'body.password', message: PASSWORD_PROBLEM_TEXT[p] })));
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction().execute(async (trx) => {
    const inv = await openInvitation(trx, token, now); // again inside the transaction: a link works once
    const institution = await repo.findInstitution(trx, inv.institution_id);
    if (!institution) throw notFound('Institution');
    if (await repo.findUserByEmail(trx, inv.email)) throw new AppError('conflict', 'このメールアドレスのアカウントはすでにあります');
    const roles = JSON.parse(inv.roles) as Role[];
    if (roles.includes('coordinator')) await assertCoordinatorFree(trx, institution.id, null);
    const at = now.toISOString();
    const userId = newId();
    await repo.insertUser(trx, {
      id: userId, institution_id: inv.institution_id, email: inv.email, display_name: input.displayName, password_hash: passwordHash,
      locale: 'ja', status: 'active', mfa_secret: null, mfa_enabled_at: null, mfa_last_step: null, last_login_at: null,
      created_at: at, updated_at: at, deactivated_at: null,
    });
    await repo.replaceRoles(trx, userId, inv.institution_id, roles, at);
    await repo.updateInvitation(trx, inv.id, { accepted_at: at });
    const self: Actor = { kind: 'user', userId, institutionId: inv.institution_id, institutionKind: institution.kind, roles, label: inv.email, ip };
    await recordAudit(trx, self, { action: 'invitation.accept', objectType: 'user', objectId: userId, institutionId: inv.institution_id, changes: { invitationId: inv.id, roles } }, now);
    return { userId, email: inv.email };
  });
}

export async function listInvitations(deps: Deps, actor: Actor, institutionId: string) {
  if (!can.manageMembers(actor, institutionId)) throw forbidden();
  return (await repo.openInvitations(deps.db, institutionId, deps.now().toISOString())).map(toInvitation);
}

export async function revokeInvitation(deps: Deps, actor: Actor, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const inv = await repo.findInvitation(trx, id);
    if (!inv || !can.manageMembers(actor, inv.institution_id)) throw notFound('Invitation');
    if (inv.accepted_at || inv.revoked_at) return;
    await repo.updateInvitation(trx, id, { revoked_at: deps.now().toISOString() });
    await recordAudit(trx, actor, { action: 'invitation.revoke', objectType: 'invitation', objectId: id, institutionId: inv.institution_id });
  });
}

/** Loads a user the actor may manage. Someone who may not manage them learns nothing: not found. */
async function managedUser(trx: Trx, actor: Actor, userId: string) {
  const user = await repo.findUser(trx, userId);
  if (!user || !can.manageMembers(actor, user.institution_id)) throw notFound('User');
  // Separation of duties: nobody changes their own roles or status.
  if (user.id === actor.userId) throw new AppError('forbidden', '自分自身の役割や利用状態は変更できません。別の管理者に依頼してください');
  return user;
}

function securityNotice(subjectJa: string, subjectEn: string, bodyJa: string, bodyEn: string) {
  return (locale: 'ja' | 'en') => (locale === 'ja' ? { subject: `[Renkei] ${subjectJa}`, text: bodyJa } : { subject: `[Renkei] ${subjectEn}`, text: bodyEn });
}

export async function setRoles(deps: Deps, actor: Actor, userId: string, roles: Role[]) {
  const unique = [...new Set(roles)].sort();
  await deps.db.transaction().execute(async (trx) => {
    const user = await managedUser(trx, actor, userId);
    const institution = await repo.findInstitution(trx, user.institution_id);
    if (!institution) throw notFound('Institution');
    const before = (await repo.rolesOf(trx, [userId])).get(userId) ?? [];
    assertMayChangeConsortiumRoles(actor, before, unique);
    assertRolesFit(institution, unique);
    if (unique.includes('coordinator')) await assertCoordinatorFree(trx, institution.id, userId);
    const now = deps.now().toISOString();
    await repo.replaceRoles(trx, userId, user.institution_id, unique, now);
    // Fewer or other rights take effect now, and new MFA duties at the next sign-in.
    await revokeUserSessions(trx, userId, now);
    await recordAudit(trx, actor, { action: 'user.roles', objectType: 'user', objectId: userId, institutionId: user.institution_id, changes: { roles: { from: before, to: unique } } });
    const label = (rs: string[]) => rs.map((r) => ROLE_LABEL_JA[r as Role] ?? r).join('、') || 'なし';
    await notifyUsers(trx, 'account.security', [userId], securityNotice(
      '役割が変更されました', 'Your roles were changed',
      `${user.display_name} 様\n\nRenkei でのあなたの役割が変更されました。\n変更前: ${label(before)}\n変更後: ${label(unique)}\n\n心当たりがない場合は所属機関の管理者に連絡してください。`,
      `Your roles in Renkei were changed from [${before.join(', ')}] to [${unique.join(', ')}]. Contact your administrator if this is unexpected.`,
    ));
  });
}

export async function setActive(deps: Deps, actor: Actor, userId: string, active: boolean) {
  await deps.db.transaction().execute(async (trx) => {
    const user = await managedUser(trx, actor, userId);
    if ((user.status === 'active') === active) return;
    const now = deps.now().toISOString();
    await repo.updateUser(trx, userId, { status: active ? 'active' : 'deactivated', deactivated_at: active ? null : now, updated_at: now });
    const ended = active ? 0 : await revokeUserSessions(trx, userId, now);
    await recordAudit(trx, actor, {
      action: active ? 'user.reactivate' : 'user.deactivate', objectType: 'user', objectId: userId, institutionId: user.institution_id,
      changes: { status: { from: user.status, to: active ? 'active' : 'deactivated' }, ...(active ? {} : { sessionsEnded: ended }) },
    });
  });
}

export async function accountReview(deps: Deps, actor: Actor, days: number, institutionId: string | null) {
  const scope = institutionId ?? (isConsortiumAdmin(actor) ? null : actor.institutionId);
  if (scope === null ? !isConsortiumAdmin(actor) : !can.manageMembers(actor, scope)) throw forbidden();
  const before = new Date(deps.now().getTime() - days * 86_400_000).toISOString();
  const rows = await repo.unusedAccounts(deps.db, before, scope);
  const roles = await repo.rolesOf(deps.db, rows.map((r) => r.id));
  return {
    days,
    items: rows.map((r) => ({
      id: r.id, email: r.email, displayName: r.display_name, institutionId: r.institution_id,
      roles: (roles.get(r.id) ?? []) as Role[], lastLoginAt: r.last_login_at, createdAt: r.created_at,
    })),
  };
}

const toWebhook = (w: { id: string; url: string; event_types: string; created_at: string; disabled_at: string | null }) => ({
  id: w.id, url: w.url, eventTypes: JSON.parse(w.event_types) as string[], createdAt: w.created_at, disabledAt: w.disabled_at,
});

export async function listWebhooks(deps: Deps, actor: Actor, institutionId: string) {
  if (!can.manageMembers(actor, institutionId)) throw forbidden();
  return (await repo.webhooksOf(deps.db, institutionId)).map(toWebhook);
}

/** The signing secret is shown once, at creation, for the receiver to verify X-Renkei-Signature. */
export async function createWebhook(deps: Deps, actor: Actor, institutionId: string, input: { url: string; eventTypes: string[] }) {
  if (!can.manageMembers(actor, institutionId)) throw forbidden();
  const secret = newSecret('whsec_');
  const row = {
    id: newId(), institution_id: institutionId, url: input.url, secret: deps.box.seal(secret),
    event_types: JSON.stringify(input.eventTypes), created_at: deps.now().toISOString(), disabled_at: null,
  };
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.findInstitution(trx, institutionId))) throw notFound('Institution');
    await repo.insertWebhook(trx, row);
    await recordAudit(trx, actor, { action: 'webhook.create', objectType: 'webhook', objectId: row.id, institutionId, changes: input });
  });
  return { secret, item: toWebhook(row) };
}

export async function disableWebhook(deps: Deps, actor: Actor, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const hook = await repo.findWebhook(trx, id);
    if (!hook || !can.manageMembers(actor, hook.institution_id)) throw notFound('Webhook');
    if (hook.disabled_at) return;
    await repo.updateWebhook(trx, id, { disabled_at: deps.now().toISOString() });
    await recordAudit(trx, actor, { action: 'webhook.disable', objectType: 'webhook', objectId: id, institutionId: hook.institution_id });
  });
}

/**
 * First administrator of an empty installation (CLI: `renkei users create-admin`): an
 * administrator of the operator organisation, which is created if there is none yet.
 */
export async function createConsortiumAdmin(deps: Deps, actor: Actor, input: { email: string; displayName: string; password: string }) {
  if (!isConsortiumAdmin(actor)) throw forbidden();
  const email = normaliseEmail(input.email);
  const problems = checkPassword(input.password, email);
  if (problems.length) throw new AppError('validation', 'パスワードが要件を満たしていません', problems.map((p) => ({ path: 'password', message: PASSWORD_PROBLEM_TEXT[p] })));
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction().execute(async (trx) => {
    if (await repo.findUserByEmail(trx, email)) throw new AppError('conflict', `${email} のアカウントはすでにあります`);
    const now = deps.now().toISOString();
    let operator = (await repo.listInstitutions(trx)).find((i) => i.kind === 'operator');
    if (!operator) {
      operator = {
        id: newId(), code: 'operator', kind: 'operator', name_ja: '運用組織', name_en: 'Consortium operator',
        incident_desk_email: null, incident_desk_phone: null, external_report_email: null, external_report_url: null, created_at: now, updated_at: now,
      };
      await repo.insertInstitution(trx, operator);
      await recordAudit(trx, actor, { action: 'institution.create', objectType: 'institution', objectId: operator.id, institutionId: operator.id, changes: { code: operator.code, kind: 'operator' } });
    }
    const userId = newId();
    await repo.insertUser(trx, {
      id: userId, institution_id: operator.id, email, display_name: input.displayName, password_hash: passwordHash, locale: 'ja', status: 'active',
      mfa_secret: null, mfa_enabled_at: null, mfa_last_step: null, last_login_at: null, created_at: now, updated_at: now, deactivated_at: null,
    });
    await repo.replaceRoles(trx, userId, operator.id, ['admin'], now);
    await recordAudit(trx, actor, { action: 'user.create_admin', objectType: 'user', objectId: userId, institutionId: operator.id, changes: { email, roles: ['admin'] } });
    return { userId, email, institution: operator.code };
  });
}
