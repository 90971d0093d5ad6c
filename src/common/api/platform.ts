import { z } from 'zod';
import { INSTITUTION_KINDS, ROLES } from '../roles.ts';

/** Request and response shapes of the platform API; the server validates with them and OpenAPI is generated from them. */
export const Email = z.string().trim().max(254).email('メールアドレスの形式が正しくありません');
export const Id = z.string().uuid();
export const RoleSchema = z.enum(ROLES);
export const Stage = z.enum(['full', 'mfa', 'mfa_setup']);

export const LoginBody = z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(1024) });
export const CodeBody = z.object({ code: z.string().trim().min(6).max(20) });

export const SessionInfo = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    locale: z.enum(['ja', 'en']),
    mfaEnabled: z.boolean(),
    mfaRequired: z.boolean(),
  }),
  institution: z.object({ id: z.string(), code: z.string(), kind: z.enum(INSTITUTION_KINDS), nameJa: z.string(), nameEn: z.string() }),
  roles: z.array(RoleSchema),
  permissions: z.object({
    manageInstitutions: z.boolean(),
    manageMembers: z.boolean(),
    readAudit: z.boolean(),
    readAuditAll: z.boolean(),
    manageRegulations: z.boolean(),
  }),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SessionReply = z.object({ stage: Stage, csrfToken: z.string(), session: SessionInfo.nullable() });

export const MfaEnrolment = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() });
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });

export const PatchMe = z.object({ displayName: z.string().trim().min(1).max(100).optional(), locale: z.enum(['ja', 'en']).optional() });
export const PasswordChange = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) });

export const TokenScopeSchema = z.enum(['read', 'write']);
export const CreateToken = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(TokenScopeSchema).min(1),
  expiresInDays: z.number().int().min(1).max(366).optional(),
});
export const TokenView = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(TokenScopeSchema),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const NotificationPref = z.object({ eventType: z.string().min(1).max(100), email: z.boolean() });
export const NotificationPrefs = z.object({ items: z.array(NotificationPref.extend({ label: z.string().optional() })).max(200) });

export const AuditQuery = z.object({
  institutionId: z.string().max(100).optional(),
  actorUserId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  objectType: z.string().max(100).optional(),
  objectId: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().max(200).optional(),
  beforeSeq: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const AuditEntrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorLabel: z.string(),
  institutionId: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  changes: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
  /** Shown without actor, address, institution and changes: the entry is about an anonymous shared report. */
  sealed: z.literal(true).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
