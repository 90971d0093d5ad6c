import { SYSTEM_ACTOR } from '../../core/access.ts';
import { recordAudit } from '../platform/audit/service.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import type { Deps } from '../platform/deps.ts';
import { newId } from '../platform/secrets.ts';
import { DEMO_INSTITUTIONS, DEMO_PASSWORD } from './data.ts';
import { seedDemoAssessments } from './assessments.ts';
import { seedDemoFlows } from './flows.ts';
import { seedDemoIncidents } from './incidents.ts';

/**
 * Creates the demo consortium on an empty database, then its demo threat intelligence and flow
 * alerts (once: see seedDemoFlows), a self-inspection at みなと (once: see seedDemoAssessments) and
 * incidents with shared reports (once: see seedDemoIncidents). API tests pass `flows: false` to
 * start from the consortium alone (the others follow `flows` unless given). Returns whether the
 * consortium was created.
 */
export async function seedDemo(deps: Deps, options: { flows?: boolean; assessments?: boolean; incidents?: boolean } = {}): Promise<boolean> {
  const created = await seedConsortium(deps);
  if (options.flows !== false) await seedDemoFlows(deps);
  if ((options.assessments ?? options.flows) !== false) await seedDemoAssessments(deps);
  if ((options.incidents ?? options.flows) !== false) await seedDemoIncidents(deps);
  return created;
}

/** The institutions, their networks and users, on an empty database. Returns false (and changes nothing) otherwise. */
async function seedConsortium(deps: Deps): Promise<boolean> {
  const existing = await deps.db.selectFrom('institutions').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    for (const inst of DEMO_INSTITUTIONS) {
      const institutionId = newId();
      await trx.insertInto('institutions').values({
        id: institutionId, code: inst.code, kind: inst.kind, name_ja: inst.nameJa, name_en: inst.nameEn,
        incident_desk_email: `csirt@${inst.domain}`, incident_desk_phone: inst.phone,
        external_report_email: `security-report@${inst.domain}`, external_report_url: `https://www.${inst.domain}/security/report`,
        created_at: now, updated_at: now,
      }).execute();
      for (const [kind, value] of [...inst.prefixes.map((p) => ['prefix', p] as const), ['domain', inst.domain] as const]) {
        await trx.insertInto('institution_networks').values({ id: newId(), institution_id: institutionId, kind, value, note: null, created_by: 'system', created_at: now }).execute();
      }
      for (const u of inst.users) {
        const userId = newId();
        await trx.insertInto('users').values({
          id: userId, institution_id: institutionId, email: `${u.local}@${inst.domain}`, display_name: u.name, password_hash: passwordHash,
          locale: 'ja', status: 'active', mfa_secret: null, mfa_enabled_at: null, mfa_last_step: null, last_login_at: null,
          created_at: now, updated_at: now, deactivated_at: null,
        }).execute();
        await trx.insertInto('user_roles').values(u.roles.map((role) => ({
          user_id: userId, role, coordinator_of: role === 'coordinator' ? institutionId : null, granted_at: now,
        }))).execute();
      }
    }
    await recordAudit(trx, SYSTEM_ACTOR, { action: 'demo.seed', objectType: 'consortium', changes: { institutions: DEMO_INSTITUTIONS.map((i) => i.code) } });
  });
  return true;
}

export function demoSignInHelp(baseUrl: string): string {
  const lines = [
    '',
    `Renkei デモ環境: ${baseUrl}`,
    `  パスワード（全デモユーザー共通）: ${DEMO_PASSWORD}`,
    '  コンソーシアム管理者: admin@soc.renkei.example',
    '  機関の管理者:         admin@sakura-tech.example（minato-u / aoba-intl / hibari-sci も同様）',
    '  ほかの役割:           ciso@, csirt@, coordinator@, auditor@, sysadmin@, staff@ 各大学のドメイン、operator@soc.renkei.example',
    '  CISO・CSIRT・運用責任者・オペレーターは初回サインイン時に多要素認証（TOTP）の設定が必要です。',
    '  通信監視アラート:     operator@ は /flows/review（確認待ち）、csirt@sakura-tech.example は /flows/alerts（自機関）',
    '  自己点検:             auditor@minato-u.example（責任者）、sysadmin@ / staff@minato-u.example（回答者）は /assessments',
    '  インシデント:         csirt@sakura-tech.example は /incidents（対応一覧）、staff@ は /incidents/report、外部の方は /report',
    '  匿名共有:             csirt@ 各大学は /sharing/reports（共有レポート）',
    '',
  ];
  return lines.join('\n');
}
