import type { Actor } from '../../core/access.ts';
import { jstDate } from '../../core/assessments/rules.ts';
import { fiscalYearOf } from '../../core/time.ts';
import * as answers from '../modules/assessments/answers.ts';
import * as improvements from '../modules/assessments/improvements.ts';
import * as assessments from '../modules/assessments/service.ts';
import * as catalogs from '../modules/catalogs/service.ts';
import { loadPrincipal } from '../platform/auth/repo.ts';
import { actorFor } from '../platform/auth/service.ts';
import type { Deps } from '../platform/deps.ts';

/**
 * A demo self-inspection at みなと学芸大学, made through the services as its people would: a
 * small standard (written for the demo) becomes a checklist template; last year's campaign was
 * answered and closed; this year's is open, partly answered and reviewed, so the dashboard,
 * the comparison and the report have something to show. Kept at みなと so that the other demos
 * and browser tests (さくら) start from empty lists.
 */
const STANDARD = `情報セキュリティ対策基準（デモ・自己点検用）

第1章 組織と体制

1.1 管理体制

(1) 遵守事項
① 最高情報セキュリティ責任者を置き、その役割を定める。
② 情報セキュリティ委員会を置き、年に一度以上開催する。

1.2 教育

(1) 遵守事項
① 教職員に対し、年に一度以上情報セキュリティ研修を行う。

第6章 情報システムのセキュリティ機能

6.1 ログの取得

(1) 遵守事項
① 情報システム管理者は、不正な利用を検証するために必要なログを取得する。
② 情報システム管理者は、取得したログを定めた期間保存する。

6.2 脆弱性対策

(1) 遵守事項
① 情報システム管理者は、ソフトウェアの修正プログラムを速やかに適用する。
`;

const REGULATION_TITLE = 'デモ: 情報セキュリティ対策基準（自己点検用）';
const DAY = 86_400_000;

type Answer = [citation: string, result: 'implemented' | 'partial' | 'not_implemented' | 'not_applicable', comment?: string];

/** Creates the demo campaigns once; returns false (and changes nothing) when they exist or the demo users are missing. */
export async function seedDemoAssessments(deps: Deps): Promise<boolean> {
  const emails = ['admin', 'auditor', 'sysadmin', 'staff'].map((l) => `${l}@minato-u.example`);
  const users = await deps.db.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).execute();
  if (users.length !== emails.length) return false;
  if (await deps.db.selectFrom('regulations').select('id').where('title', '=', REGULATION_TITLE).executeTakeFirst()) return false;
  const id = (local: string) => users.find((u) => u.email === `${local}@minato-u.example`)!.id;
  const actorOf = async (local: string): Promise<Actor> => actorFor((await loadPrincipal(deps.db, id(local)))!, null);
  const [admin, auditor, sysadmin, staff] = await Promise.all(['admin', 'auditor', 'sysadmin', 'staff'].map(actorOf)) as [Actor, Actor, Actor, Actor];

  const preview = await catalogs.previewImport(deps, admin, { filename: 'demo-kijun.txt', bytes: Buffer.from(STANDARD, 'utf8') });
  if (!('clauses' in preview) || !('form' in preview)) return false;
  const saved = await catalogs.saveImport(deps, admin, {
    title: REGULATION_TITLE, kind: 'standard', visibility: 'private', confidentiality: 1, form: preview.form as 'outline',
    source: preview.source, clauses: preview.clauses, unplaced: preview.unplaced,
  });
  const template = await catalogs.createChecklist(deps, admin, { regulationId: saved.id, title: 'デモ: 自己点検チェックリスト' });

  /** One campaign told at `start`: created, assigned, opened, answered, reviewed. */
  const run = async (start: Date, answered: { sysadmin: Answer[]; staff: Answer[] }, accept: string[]) => {
    const at = (days: number): Deps => ({ ...deps, now: () => new Date(start.getTime() + days * DAY) });
    const fy = fiscalYearOf(start);
    const { id: campaignId } = await assessments.createCampaign(at(0), admin, {
      title: `${fy}年度 情報セキュリティ自己点検`, fiscalYear: fy, templateId: template.id, deadline: jstDate(new Date(start.getTime() + 45 * DAY)),
      ownerId: id('auditor'), remindBeforeDays: [7, 1], remindAfterDays: [1, 7],
    });
    await assessments.addAssignments(at(0), admin, campaignId, { citationPrefix: '6', role: 'sysadmin', department: '情報メディアセンター' });
    await assessments.addAssignments(at(0), admin, campaignId, { citationPrefix: '1', userId: id('staff'), department: '総務課' });
    await assessments.moveCampaign(at(1), admin, campaignId, 'open');
    const items = await assessments.listItems(deps, admin, campaignId);
    const itemId = (citation: string) => items.find((i) => i.citation === citation)!.id;
    for (const [who, actor] of [['sysadmin', sysadmin], ['staff', staff]] as const) {
      for (const [citation, result, comment] of answered[who]) {
        await answers.saveAnswer(at(3), actor, campaignId, itemId(citation), { result, ...(comment ? { comment } : {}) }, true);
      }
    }
    for (const a of await answers.listAnswers(deps, auditor, campaignId, 'submitted')) {
      if (accept.includes(a.citation ?? '')) await answers.reviewAnswer(at(5), auditor, a.id, 'accept');
    }
    return { campaignId, at, fy };
  };

  // Last year: answered in full, accepted and closed.
  const lastYear = await run(new Date(deps.now().getTime() - 365 * DAY), {
    sysadmin: [['6.1(1)①', 'partial', '主要サーバーのみ取得'], ['6.1(1)②', 'not_implemented', '保存期間を定めていない'], ['6.2(1)①', 'partial', '手順書なし']],
    staff: [['1.1(1)①', 'implemented'], ['1.1(1)②', 'partial', '開催は不定期'], ['1.2(1)①', 'not_implemented', '研修の計画なし']],
  }, ['6.1(1)①', '6.1(1)②', '6.2(1)①', '1.1(1)①', '1.1(1)②', '1.2(1)①']);
  await assessments.moveCampaign(lastYear.at(60), admin, lastYear.campaignId, 'closed');

  // This year: open; some answers in, one accepted, one improvement item.
  const thisYear = await run(new Date(deps.now().getTime() - 7 * DAY), {
    sysadmin: [['6.1(1)①', 'implemented'], ['6.1(1)②', 'partial', '保存期間は1年と定めたが、研究室サーバーは未対応']],
    staff: [['1.1(1)①', 'implemented'], ['1.2(1)①', 'not_implemented', '今年度の研修は未実施（2月に予定）']],
  }, ['1.1(1)①', '1.2(1)①']);
  const training = (await answers.listAnswers(deps, auditor, thisYear.campaignId, 'accepted')).find((a) => a.citation === '1.2(1)①');
  if (training) {
    await improvements.raiseImprovement(thisYear.at(5), auditor, training.id, {
      title: '情報セキュリティ研修の年次実施', description: '全教職員向けの研修を2月に実施し、受講状況を記録する。', ownerId: id('admin'), dueDate: `${thisYear.fy + 1}-03-31`,
    });
  }
  return true;
}
