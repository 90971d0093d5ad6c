import type { Actor } from '../../core/access.ts';
import * as intake from '../modules/incidents/intake.ts';
import * as incidents from '../modules/incidents/service.ts';
import * as sharing from '../modules/sharing/service.ts';
import { actorFor } from '../platform/auth/service.ts';
import { loadPrincipal } from '../platform/auth/repo.ts';
import type { Deps } from '../platform/deps.ts';

/**
 * Demo incidents and shared reports, made through the services as the CSIRTs would, with the
 * clock moved back so the timelines read like real ones.
 *
 * さくら: a malware infection handled and closed six weeks ago (lesson learned, shared with the
 * consortium), a misdirected e-mail with students' health-check results being handled now (the report to the
 * 個人情報保護委員会 is due), a suspicion from a member of staff and a report from outside,
 * both waiting in the CSIRT's queue, and a near miss. みなと shared one closed incident too;
 * あおば closed one and has not shared it, so the consortium's counts stay hidden (they need
 * three contributing members) until someone shares it from the demo.
 * Addresses and domains are documentation or benchmarking ranges and reach nothing.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;

export async function seedDemoIncidents(deps: Deps): Promise<boolean> {
  const emails = ['csirt@sakura-tech.example', 'staff@sakura-tech.example', 'csirt@minato-u.example', 'staff@minato-u.example', 'csirt@aoba-intl.example', 'staff@aoba-intl.example'];
  const users = await deps.db.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).execute();
  if (users.length !== emails.length) return false;
  // Idempotent: once any incident exists, the demo story (or real work) is there.
  if (await deps.db.selectFrom('incidents').select('id').limit(1).executeTakeFirst()) return false;

  const actor = async (email: string): Promise<Actor> => actorFor((await loadPrincipal(deps.db, users.find((u) => u.email === email)!.id))!, null);
  const now = deps.now().getTime();
  /** Deps whose clock reads `daysAgo` days (and `hours` more) before now. */
  const at = (daysAgo: number, hours = 0): Deps => ({ ...deps, now: () => new Date(now - daysAgo * DAY + hours * HOUR) });
  const iso = (daysAgo: number, hours = 0) => new Date(now - daysAgo * DAY + hours * HOUR).toISOString();
  const incidentOf = async (reportId: string): Promise<string> => {
    const r = await deps.db.selectFrom('incident_reports').select('incident_id').where('id', '=', reportId).executeTakeFirstOrThrow();
    if (!r.incident_id) throw new Error(`demo report ${reportId} raised no incident`);
    return r.incident_id;
  };

  const sakura = { csirt: await actor('csirt@sakura-tech.example'), staff: await actor('staff@sakura-tech.example') };

  // 1. さくら, six weeks ago: an attachment opened on a laboratory PC; contained, cleaned, closed, shared.
  const malware = await incidentOf((await intake.submitMemberReport(at(45), sakura.staff, {
    subject: '不審なメールの添付ファイルを開いてしまいました',
    description: '取引先を名乗るメールの添付ファイル（請求書.zip）を研究室の PC で開きました。その後、PC の動作が遅くなっています。八重 教職員（内線 1234）',
    suspicion: false, occurredAt: iso(45, -2),
  })).id);
  await incidents.moveIncident(at(45, 1), sakura.csirt, malware, 'triage');
  await incidents.updateIncident(at(45, 1), sakura.csirt, malware, {
    isIncident: true, category: 'malware_ransomware', severity: 'high',
    assets: [{ kind: 'system', name: '工学部 研究室 PC（lab-pc-17.eng.sakura-tech.example）', confidentiality: 2, integrity: 2, availability: 1 }],
    personalData: { involved: false },
  });
  await incidents.moveIncident(at(45, 2), sakura.csirt, malware, 'handling');
  await incidents.addEvent(at(45, 2), sakura.csirt, malware, { kind: 'containment', text: '当該 PC を学内ネットワークから切り離しました。' });
  await incidents.updateIncident(at(45, 3), sakura.csirt, malware, { containedAt: iso(45, 2) });
  const wipe = await incidents.addTask(at(45, 3), sakura.csirt, malware, { phase: 'eradication', title: 'PC の初期化と OS の再インストール', ownerId: sakura.csirt.userId, dueDate: iso(42).slice(0, 10) });
  await incidents.addEvent(at(44), sakura.csirt, malware, { kind: 'action', text: '通信記録を確認し、198.18.0.10 への HTTPS 通信を 3 回確認。学外への情報の持ち出しは認められませんでした。' });
  await incidents.updateTask(at(43), sakura.csirt, malware, wipe.id, { status: 'done' });
  await incidents.moveIncident(at(43), sakura.csirt, malware, 'recovery');
  await incidents.addEvent(at(42), sakura.csirt, malware, { kind: 'recovery', text: '再インストール後の PC を学内ネットワークに戻しました。' });
  await incidents.moveIncident(at(41), sakura.csirt, malware, 'closed', '再発防止として、添付ファイルの取扱いを研究室に周知しました。');
  await incidents.createLearning(at(40), sakura.csirt, {
    kind: 'lesson', incidentId: malware, title: '圧縮ファイル添付の請求書メール', category: 'malware_ransomware',
    body: 'パスワード付き ZIP はメールゲートウェイで検査できず、利用者の判断に頼っていた。',
    improvement: 'パスワード付き ZIP の受信時に注意喚起を表示し、年次研修の題材に加える。',
  });
  await shareAll(at(40), sakura.csirt, {
    incidentId: malware, tlp: 'GREEN',
    summary: '請求書を装ったメールの添付ファイル（パスワード付き ZIP）から研究室 PC がマルウェアに感染し、C2 サーバーとの通信を確認しました。',
    products: ['Windows 10 22H2'], indicators: [{ type: 'ipv4', value: '198.18.0.10', comment: 'C2 サーバー' }],
  });

  // 2. さくら, three days ago: health-check results (要配慮個人情報) sent to the wrong address; the PPC preliminary report is done, the final one is due.
  const misdirected = await incidentOf((await intake.submitMemberReport(at(3), sakura.staff, {
    subject: '健康診断の再検査対象者一覧を学外のアドレスに誤送信しました',
    description: '保健管理センターから学部事務への連絡で、再検査対象者一覧（学生 12 名分）を、宛先の入力補完の誤りで学外のアドレスに送信してしまいました。',
    suspicion: false, occurredAt: iso(3, -1),
  })).id);
  await incidents.moveIncident(at(3, 1), sakura.csirt, misdirected, 'triage');
  await incidents.updateIncident(at(3, 1), sakura.csirt, misdirected, {
    isIncident: true, category: 'misdirected_mail', severity: 'medium',
    assets: [{ kind: 'information', name: '健康診断 再検査対象者一覧（学生 12 名）', confidentiality: 3 }],
    personalData: { involved: true, count: 12, kinds: ['health', 'general'] },
  });
  await incidents.moveIncident(at(3, 2), sakura.csirt, misdirected, 'handling');
  await incidents.addEvent(at(3, 2), sakura.csirt, misdirected, { kind: 'communication', text: '誤送信先に連絡し、メールの削除を依頼しました。' });
  const ask = await incidents.addTask(at(3, 2), sakura.csirt, misdirected, { phase: 'containment', title: '誤送信先から削除完了の回答を得る', ownerId: sakura.csirt.userId, dueDate: iso(2).slice(0, 10) });
  await incidents.updateTask(at(2), sakura.csirt, misdirected, ask.id, { status: 'done' });
  await incidents.addTask(at(2), sakura.csirt, misdirected, { phase: 'other', title: '学外宛て送信時の確認画面を全学で有効にする', ownerId: sakura.csirt.userId, dueDate: iso(-14).slice(0, 10) });
  await incidents.markObligation(at(1), sakura.csirt, misdirected, 'ppc_preliminary', { note: '個人情報保護委員会の報告フォームから速報を提出しました。' });
  await incidents.markObligation(at(2), sakura.csirt, misdirected, 'ciso', { note: 'CISO に電話と書面で報告しました。' });

  // 3 and 4. さくら, today: a suspicion from staff and a report from outside, waiting in the queue.
  await intake.submitMemberReport(at(0, -3), sakura.staff, {
    subject: 'Microsoft 365 のサインイン画面に似たページが表示されました',
    description: '学内ポータルのお知らせメールのリンクを開いたところ、見慣れないアドレスのサインイン画面が表示されました。パスワードは入力していません。',
    suspicion: true,
  });
  await intake.submitPublicReport(at(0, -2), {
    institutionCode: 'sakura', name: '山田 一郎', email: 'yamada@example.com', affiliation: '株式会社サンプル',
    subject: '貴学のアドレスから当社への不審な通信',
    description: '本日未明、貴学のアドレス 192.0.2.44 から当社の Web サーバーに対して、管理画面へのログイン試行が多数ありました。',
  }, '203.0.113.250');

  // 5. さくら: a near miss.
  await incidents.createLearning(at(12), sakura.csirt, {
    kind: 'near_miss', title: '会議室に USB メモリを置き忘れた', category: 'lost_device', occurredOn: iso(12).slice(0, 10),
    body: '教授会の後、会議資料の入った USB メモリを会議室に置き忘れたが、30 分後に本人が回収した。',
    improvement: '会議資料は学内ファイル共有で配布し、USB メモリの持ち出しを減らす。',
  });

  // みなと and あおば each closed one incident; みなと shared it.
  const closeOne = async (email: string, staffEmail: string, daysAgo: number, o: {
    subject: string; description: string; category: 'account_takeover' | 'vulnerability_exploited'; severity: 'medium' | 'high';
    share?: Omit<sharing.DraftInput, 'incidentId'>;
  }) => {
    const csirt = await actor(email);
    const id = await incidentOf((await intake.submitMemberReport(at(daysAgo), await actor(staffEmail), { subject: o.subject, description: o.description, suspicion: false })).id);
    await incidents.moveIncident(at(daysAgo, 1), csirt, id, 'triage');
    await incidents.updateIncident(at(daysAgo, 1), csirt, id, { isIncident: true, category: o.category, severity: o.severity, personalData: { involved: false } });
    await incidents.moveIncident(at(daysAgo, 2), csirt, id, 'handling');
    await incidents.updateIncident(at(daysAgo, 5), csirt, id, { containedAt: iso(daysAgo, 4) });
    await incidents.moveIncident(at(daysAgo - 1), csirt, id, 'recovery');
    await incidents.moveIncident(at(daysAgo - 2), csirt, id, 'closed');
    if (o.share) await shareAll(at(daysAgo - 3), csirt, { incidentId: id, ...o.share });
  };
  await closeOne('csirt@minato-u.example', 'staff@minato-u.example', 20, {
    subject: '教職員アカウントが乗っ取られ、迷惑メールが送信されました', category: 'account_takeover', severity: 'medium',
    description: 'フィッシングサイトで入力されたパスワードが使われ、学外から大量の迷惑メールが送信されました。',
    share: {
      tlp: 'GREEN', products: ['Microsoft 365'],
      summary: '大学のサインイン画面を模したフィッシングサイトでパスワードが詐取され、乗っ取られたアカウントから迷惑メールが約 3,000 通送信されました。多要素認証が未設定のアカウントでした。',
      indicators: [{ type: 'domain', value: 'univ-signin-portal.example', comment: 'フィッシングサイト' }],
    },
  });
  await closeOne('csirt@aoba-intl.example', 'staff@aoba-intl.example', 10, {
    subject: 'VPN 装置の脆弱性を突いた不正アクセス', category: 'vulnerability_exploited', severity: 'high',
    description: 'VPN 装置のログに、認証を経ない管理画面へのアクセスが記録されていました。',
  });
  return true;
}

/** Shares a report with every proposed redaction accepted, as a careful CSIRT would. */
async function shareAll(deps: Deps, actor: Actor, input: sharing.DraftInput) {
  const draft = await sharing.prepareDraft(deps, actor, input);
  const accept = (spans: readonly unknown[]) => ({ accepted: spans.map(() => true), extra: [] });
  await sharing.publish(deps, actor, draft.id, { title: accept(draft.proposals.title), summary: accept(draft.proposals.summary), body: accept(draft.proposals.body) });
}
