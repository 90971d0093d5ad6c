import { z } from 'zod';
import { Email, RoleSchema } from '../../../common/api/platform.ts';
import { INSTITUTION_KINDS } from '../../../common/roles.ts';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional().transform((v) => (v === '' ? null : v));

const InstitutionFields = z.object({
  code: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,31}$/, '半角英小文字・数字・ハイフン（2〜32文字）で入力してください'),
  kind: z.enum(INSTITUTION_KINDS),
  nameJa: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  incidentDeskEmail: Email.nullable().optional().or(z.literal('').transform(() => null)),
  incidentDeskPhone: optionalText(40),
  externalReportEmail: Email.nullable().optional().or(z.literal('').transform(() => null)),
  externalReportUrl: z.url().max(500).nullable().optional().or(z.literal('').transform(() => null)),
});
export const InstitutionBody = InstitutionFields.extend({ kind: z.enum(INSTITUTION_KINDS).default('member') });
// No defaults here: a patch names exactly the fields it changes.
export const InstitutionPatch = InstitutionFields.partial().refine((p) => Object.keys(p).length > 0, '変更する項目がありません');

export const Institution = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(INSTITUTION_KINDS),
  nameJa: z.string(),
  nameEn: z.string(),
  incidentDeskEmail: z.string().nullable(),
  incidentDeskPhone: z.string().nullable(),
  externalReportEmail: z.string().nullable(),
  externalReportUrl: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const MemberQuery = z.object({
  q: z.string().trim().max(100).optional(),
  role: RoleSchema.optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const Member = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  status: z.enum(['active', 'deactivated']),
  mfaEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  locked: z.boolean(),
});

export const InviteBody = z.object({
  email: Email,
  displayName: z.string().trim().min(1).max(100),
  roles: z.array(RoleSchema).min(1, '役割を1つ以上選んでください').max(8),
});

export const Invitation = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(RoleSchema),
  createdAt: z.string(),
  expiresAt: z.string(),
});

export const AcceptBody = z.object({ displayName: z.string().trim().min(1).max(100), password: z.string().min(1).max(1024) });
export const RolesBody = z.object({ roles: z.array(RoleSchema).max(8) });
export const ReviewQuery = z.object({
  days: z.coerce.number().int().min(1).max(3650).default(90),
  institutionId: z.string().max(100).optional(),
});
export const IdParam = z.object({ id: z.string().min(1).max(100) });
export const TokenParam = z.object({ token: z.string().min(10).max(200) });

export const WebhookBody = z.object({
  url: z.url().max(500).refine((u) => /^https?:\/\//.test(u), 'http または https のURLを指定してください'),
  eventTypes: z.array(z.string().min(1).max(100)).min(1).max(50).default(['*']),
});
export const Webhook = z.object({ id: z.string(), url: z.string(), eventTypes: z.array(z.string()), createdAt: z.string(), disabledAt: z.string().nullable() });
