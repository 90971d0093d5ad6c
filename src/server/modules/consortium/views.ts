import type { Role } from '../../../common/roles.ts';
import { formatJst } from '../../../core/time.ts';
import type { InstitutionRow, InvitationRow } from './repo.ts';

/** Output projections: a database row never reaches a client as it is. */
export const toInstitution = (r: InstitutionRow) => ({
  id: r.id,
  code: r.code,
  kind: r.kind,
  nameJa: r.name_ja,
  nameEn: r.name_en,
  incidentDeskEmail: r.incident_desk_email,
  incidentDeskPhone: r.incident_desk_phone,
  externalReportEmail: r.external_report_email,
  externalReportUrl: r.external_report_url,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toInvitation = (r: InvitationRow) => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  roles: JSON.parse(r.roles) as Role[],
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export const ROLE_LABEL_JA: Record<Role, string> = {
  ciso: '最高情報セキュリティ責任者',
  csirt: 'CSIRT',
  staff: '教職員',
  auditor: '監査担当',
  sysadmin: 'システム管理者',
  admin: '管理者',
  coordinator: '運用責任者',
  operator: 'オペレーター',
};

export function invitationMail(institution: InstitutionRow, inv: InvitationRow, link: string) {
  const roles = (JSON.parse(inv.roles) as Role[]).map((r) => ROLE_LABEL_JA[r]).join('、');
  return {
    to: inv.email,
    subject: `[Renkei] ${institution.name_ja} への招待`,
    text: [
      `${inv.display_name} 様`,
      '',
      `大学間情報セキュリティ連携基盤 Renkei の ${institution.name_ja} のアカウントに招待されました。`,
      `役割: ${roles}`,
      '',
      '次のリンクを開き、パスワードを設定してください。',
      link,
      '',
      `このリンクの有効期限は ${formatJst(inv.expires_at)}（日本時間）です。心当たりがない場合はこのメールを破棄してください。`,
      '',
      `You have been invited to ${institution.name_en} on Renkei. Open the link above to set your password.`,
    ].join('\n'),
  };
}
