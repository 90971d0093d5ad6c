import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './support/harness.ts';
import { choose, cleanShot, makeChecklistTemplate, signedIn } from './support/ui.ts';
import { smallStandard } from '../support/standard.ts';

// A standard written for this test: chapters 1 and 6, four checklist items.
const STANDARD = smallStandard('相互監査 e2e');

let e2e: E2E;
let auditPath = '';

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

async function openAudit(page: Page, tab?: string): Promise<void> {
  await page.goto(tab ? `${auditPath}?tab=${tab}` : auditPath);
  await page.getByTestId('audit-status').waitFor();
}
const status = (page: Page) => page.getByTestId('audit-status').first().getAttribute('data-status');
const itemCard = (page: Page, citation: string) => page.locator(`[data-testid="audit-item"][data-citation="${citation}"]`);

describe('mutual audit, end to end', () => {
  it('the consortium administrator plans the year: さくら audits みなと; the anonymous results are not shown yet', async () => {
    const { context, page } = await signedIn(e2e, 'admin@soc.renkei.example');
    await page.getByTestId('nav-assessments-audit-plan').click();
    await page.waitForURL((u) => u.pathname === '/assessments/audit-plan');
    await page.getByTestId('plan-editor').waitFor();
    await choose(page, 'pair-auditor', 'さくら工科大学（デモ）');
    await choose(page, 'pair-auditee', 'さくら工科大学（デモ）');
    await page.getByTestId('plan-create').click();
    // Nobody audits their own institution: the server's reason, nothing created.
    await page.getByTestId('error-alert').getByText(/自機関を監査する組み合わせは作れません/).first().waitFor();
    await choose(page, 'pair-auditee', 'みなと学芸大学（デモ）');
    // Two more pairs, whose audits (run through the API below) make the consortium view reach three institutions.
    for (const [i, auditor, auditee] of [[1, 'みなと学芸大学（デモ）', 'あおば国際大学（デモ）'], [2, 'あおば国際大学（デモ）', 'ひばり理科大学（デモ）']] as const) {
      await page.getByTestId('plan-add-pair').click();
      await choose(page, page.getByTestId('pair-auditor').nth(i), auditor);
      await choose(page, page.getByTestId('pair-auditee').nth(i), auditee);
    }
    await page.getByTestId('plan-create').click();
    await page.locator('[data-testid="plan-pair"][data-auditor="sakura"][data-auditee="minato"]').waitFor();
    expect(await page.getByTestId('plan-pair').count()).toBe(3);
    expect(await page.getByTestId('aggregates-unavailable').textContent()).toBe('3機関以上の結果がそろうまで表示できません');

    // Next year's proposal rotates the pairs: さくら does not audit みなと again (not created here).
    await choose(page, 'plan-fy', '2027年度');
    await page.getByTestId('plan-propose').click();
    await expect.poll(() => page.getByTestId('plan-draft-pair').count()).toBeGreaterThan(1);
    const proposed = await page.getByTestId('plan-draft-pair').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll<HTMLInputElement>('input:not([type=hidden])')].map((i) => i.value).join(' → ')));
    expect(proposed).not.toContain('さくら工科大学（デモ） → みなと学芸大学（デモ）');
    for (const pair of proposed) {
      const [auditor, auditee] = pair.split(' → ');
      expect(auditor).toMatch(/（デモ）$/);
      expect(auditor).not.toBe(auditee);
    }
    await context.close();
  });

  it('さくら’s administrator sets up the audit; an auditor cannot audit the department they are responsible for', async () => {
    const { context, page } = await signedIn(e2e, 'admin@sakura-tech.example');
    await makeChecklistTemplate(page, STANDARD, '相互監査チェックリスト（e2e）');
    await page.getByTestId('nav-assessments-audits').click();
    await page.waitForURL((u) => u.pathname === '/assessments/audits');
    await page.getByTestId('audit-create').click();

    // Independence: an internal audit of 総務課 with an auditor who is responsible for 総務課 is refused.
    await choose(page, 'audit-kind', '内部監査');
    await page.getByTestId('audit-title').fill('2026年度 内部監査（総務課）');
    await page.getByTestId('audit-department').fill('総務課');
    await choose(page, 'audit-template', /相互監査チェックリスト（e2e）/);
    await page.getByTestId('audit-start').fill('2027-01-10');
    await page.getByTestId('audit-end').fill('2027-01-20');
    await choose(page, page.getByTestId('team-user').first(), '吉野 監査担当');
    await page.getByTestId('team-departments').first().fill('総務課');
    await page.getByTestId('audit-create-submit').click();
    await page.getByTestId('error-alert').getByText(/吉野 監査担当 さんは「総務課」を担当しているため、この内部監査の監査員にはなれません/).first().waitFor();
    await cleanShot(page, 'audits-independence-refusal');

    // The mutual audit of みなと, with a plan.
    await choose(page, 'audit-kind', '相互監査');
    await page.getByTestId('audit-title').fill('2026年度 相互監査（さくら → みなと）');
    await choose(page, 'audit-pair', 'さくら工科大学（デモ） → みなと学芸大学（デモ）');
    await page.getByTestId('audit-start').fill('2026-12-01');
    await page.getByTestId('audit-end').fill('2026-12-18');
    await page.getByTestId('team-departments').first().fill('');
    await page.getByTestId('team-add').click();
    await choose(page, page.getByTestId('team-user').nth(1), '染井 システム管理者');
    await page.getByTestId('audit-documents').fill('情報セキュリティポリシー\nログ管理手順書');
    await page.getByTestId('hearing-at').fill('2026-12-10T10:00');
    await page.getByTestId('hearing-topic').fill('ログの取得と保管');
    await page.getByTestId('audit-create-submit').click();
    await page.waitForURL((u) => /^\/assessments\/audits\/[^/]+$/.test(u.pathname));
    auditPath = new URL(page.url()).pathname;
    expect(await status(page)).toBe('planned');
    expect(await page.getByTestId('audit-team').textContent()).toContain('吉野 監査担当（主任）');
    await page.getByText('2026/12/10 10:00 ログの取得と保管').waitFor();

    // The plan changes while planned; an end before the start is refused on the field.
    await page.getByTestId('plan-end').fill('2026-11-30');
    await page.getByTestId('plan-save').click();
    await page.getByTestId('plan-change').getByTestId('error-reason').getByText(/^実査の終了日は開始日以降にしてください/).waitFor();
    await page.getByTestId('plan-end').fill('2026-12-19');
    await page.getByTestId('plan-save').click();
    await page.getByText('2026/12/01 〜 2026/12/19').waitFor();

    // 1.1(1)② leaves the scope; both sides then accept what is left.
    await expect.poll(() => page.getByTestId('scope-item').count()).toBe(4);
    await page.locator('[data-testid="scope-item"][data-citation="1.1(1)②"]').uncheck();
    await page.getByTestId('scope-narrow').click();
    await page.getByText('監査範囲（3項目）').waitFor();
    await page.getByTestId('scope-accept').click();
    await page.getByText(/^承認済み /).first().waitFor();
    await context.close();
  });

  it('the lead cannot start before みなと accepts the scope; after both sides accept, fieldwork starts', async () => {
    const lead = await signedIn(e2e, 'auditor@sakura-tech.example');
    await openAudit(lead.page);
    await lead.page.getByTestId('move-fieldwork').click();
    await lead.page.getByTestId('error-alert').getByText(/^監査範囲が双方/).first().waitFor();

    const auditee = await signedIn(e2e, 'admin@minato-u.example');
    await auditee.page.getByTestId('nav-assessments-audits').click();
    await auditee.page.getByTestId('audit-row').first().getByRole('link').click();
    await auditee.page.waitForURL((u) => u.pathname === auditPath);
    await auditee.page.getByTestId('scope-accept').click();
    await auditee.page.locator('[data-testid="scope-agreement"][data-agreed="true"]').waitFor();
    await auditee.context.close();

    await openAudit(lead.page);
    await lead.page.getByTestId('move-fieldwork').click();
    await expect.poll(() => status(lead.page)).toBe('fieldwork');
    await lead.context.close();
  });

  it('the auditors request evidence, みなと answers with a link and a file, and the team rates and notes the items', async () => {
    const lead = await signedIn(e2e, 'auditor@sakura-tech.example');
    await openAudit(lead.page, 'requests');
    await lead.page.getByTestId('request-title').fill('ログ管理手順書と直近3か月のログ保管状況');
    await choose(lead.page, 'request-item', '6.1(1)①');
    await lead.page.getByTestId('request-due').fill('2026-12-05');
    await lead.page.getByTestId('request-add').click();
    await lead.page.locator('[data-testid="request-card"][data-status="open"]').waitFor();

    const auditee = await signedIn(e2e, 'admin@minato-u.example');
    await openAudit(auditee.page, 'requests');
    const card = auditee.page.getByTestId('request-card');
    await card.getByTestId('provide-link-title').fill('ログ管理手順書');
    await card.getByTestId('provide-link-url').fill('https://portal.minato-u.example/rules/log');
    await card.getByTestId('provide-link').click();
    await auditee.page.locator('[data-testid="request-card"][data-status="provided"]').waitFor();
    await card.getByTestId('provide-file-input').setInputFiles({ name: 'log-status.txt', mimeType: 'text/plain', buffer: Buffer.from('ログ保管状況: 2026年9月〜11月 全システム取得済み', 'utf8') });
    await card.getByTestId('provide-file').click();
    await expect.poll(() => card.getByTestId('request-evidence').count()).toBe(2);
    // The auditee does not rate, and reads ratings only with the issued report.
    await auditee.page.getByTestId('tab-fieldwork').click();
    await itemCard(auditee.page, '6.1(1)①').getByTestId('rating-hidden').waitFor();
    expect(await auditee.page.getByTestId('rating-save').count()).toBe(0);
    await auditee.context.close();

    // The team reads the file provided for this audit.
    await openAudit(lead.page, 'requests');
    await expect.poll(() => lead.page.getByTestId('request-evidence').count()).toBe(2);
    const href = await lead.page.getByTestId('request-evidence').filter({ hasText: 'log-status.txt' }).getByRole('link').getAttribute('href');
    const file = await lead.page.request.get(href!);
    expect(file.status()).toBe(200);
    expect(await file.text()).toContain('ログ保管状況');

    await lead.page.getByTestId('tab-fieldwork').click();
    const c61 = itemCard(lead.page, '6.1(1)①');
    // A nonconformity needs its grounds: the server's reason, nothing saved.
    await c61.getByTestId('rating-minor_nc').check();
    await c61.getByTestId('rating-save').click();
    await c61.getByTestId('error-reason').getByText(/「軽微な不適合」の評価には根拠をコメントに書いてください/).waitFor();
    expect(await c61.getByTestId('rating-badge').count()).toBe(0);
    await c61.getByTestId('rating-comment').fill('ログの保存期間が規程に定められていない');
    await c61.getByTestId('rating-save').click();
    await c61.locator('[data-testid="rating-badge"][data-rating="minor_nc"]').waitFor();
    await c61.getByTestId('note-text').fill('手順書ではログの保存期間が定められていない。');
    await c61.getByTestId('note-add').click();
    await c61.getByTestId('note').first().waitFor();
    await choose(lead.page, c61.getByTestId('note-kind'), 'ヒアリング');
    await c61.getByTestId('note-text').fill('保存期間は運用で1年としているとの説明。');
    await c61.getByTestId('note-add').click();
    await expect.poll(() => c61.getByTestId('note').count()).toBe(2);
    expect(await lead.page.getByTestId('audit-item').count()).toBe(3);
    for (const [citation, rating] of [['1.1(1)①', 'good_practice'], ['6.2(1)①', 'conforming']] as const) {
      const c = itemCard(lead.page, citation);
      await c.getByTestId(`rating-${rating}`).check();
      if (rating === 'good_practice') await c.getByTestId('rating-comment').fill('CISOの役割が明文化され周知されている');
      await c.getByTestId('rating-save').click();
      await c.locator(`[data-testid="rating-badge"][data-rating="${rating}"]`).waitFor();
    }
    await cleanShot(lead.page, 'audits-fieldwork');
    await lead.context.close();
  });

  it('the lead raises a finding, moves to reporting and issues the report; みなと answers with a corrective action plan; the audit closes', async () => {
    const lead = await signedIn(e2e, 'auditor@sakura-tech.example');
    await openAudit(lead.page, 'findings');
    await choose(lead.page, 'finding-item', '6.1(1)①');
    await choose(lead.page, 'finding-category', '軽微な不適合');
    await lead.page.getByTestId('finding-description').fill('ログの保存期間が規程に定められていない');
    await lead.page.getByTestId('finding-evidence').fill('ログ管理手順書 第3条');
    await lead.page.getByTestId('finding-add').click();
    await lead.page.locator('[data-testid="finding-card"][data-category="minor_nc"]').waitFor();
    expect(await lead.page.getByTestId('finding-card').textContent()).toContain('6.1(1)①');

    await lead.page.getByTestId('move-reporting').click();
    await expect.poll(() => status(lead.page)).toBe('reporting');
    await lead.page.getByTestId('report-summary').fill('概ね適切に運用されているが、ログの保存期間に課題がある。');
    await lead.page.getByTestId('move-issue').click();
    await expect.poll(() => status(lead.page)).toBe('response');
    // Not closed while a nonconformity has no answer.
    await lead.page.getByTestId('move-close').click();
    await lead.page.getByTestId('error-alert').getByText(/^不適合の指摘 1 件に被監査側の回答と是正計画/).first().waitFor();

    const auditee = await signedIn(e2e, 'admin@minato-u.example');
    await openAudit(auditee.page, 'findings');
    const f = auditee.page.getByTestId('finding-card');
    await f.getByTestId('response-text').fill('規程を改訂し保存期間を1年と定めます');
    await f.getByTestId('response-save').click();
    await f.getByTestId('error-alert').waitFor(); // a nonconformity needs the plan: what, who, when
    await f.getByTestId('response-what').fill('ログ管理手順書の改訂');
    await choose(auditee.page, f.getByTestId('response-owner'), '灯台 システム管理者');
    await f.getByTestId('response-due').fill('2027-03-31');
    await f.getByTestId('response-save').click();
    await f.getByTestId('finding-response').getByText('ログ管理手順書の改訂').waitFor();
    expect(await f.getByTestId('finding-response').textContent()).toContain('2027/03/31');
    await cleanShot(auditee.page, 'audits-findings');
    // The report as PDF and Excel from the links on the page.
    for (const id of ['report-pdf', 'report-xlsx']) {
      const res = await auditee.page.request.get((await auditee.page.getByTestId(id).getAttribute('href'))!);
      expect(res.status(), id).toBe(200);
      expect((await res.body()).length).toBeGreaterThan(1000);
    }

    await openAudit(lead.page);
    await lead.page.getByTestId('move-close').click();
    await lead.context.close();

    // Closed: the auditee keeps its record and tracks the correction.
    await openAudit(auditee.page, 'findings');
    expect(await status(auditee.page)).toBe('closed');
    await choose(auditee.page, f.getByTestId('progress-status'), '是正中');
    await f.getByTestId('progress-note').fill('改訂案を作成中');
    await f.getByTestId('progress-save').click();
    await auditee.page.locator('[data-testid="finding-card"][data-status="in_progress"]').waitFor();
    await auditee.context.close();
  });

  it('さくら starts a follow-up audit of the closed audit; its scope is the finding still being corrected', async () => {
    const { context, page } = await signedIn(e2e, 'admin@sakura-tech.example');
    await page.goto('/assessments/audits');
    await page.getByTestId('audit-create').click();
    await choose(page, 'audit-kind', 'フォローアップ監査');
    expect(await page.getByTestId('audit-title').inputValue()).toMatch(/^\d{4}年度 フォローアップ監査$/);
    expect(await page.getByTestId('audit-template').count()).toBe(0); // the scope comes from the findings
    await choose(page, 'audit-previous', '2026年度 相互監査（さくら → みなと）（みなと学芸大学（デモ）・完了・未完了の指摘 1 件）');
    await page.getByTestId('audit-title').fill('2026年度 フォローアップ監査（みなと）');
    await page.getByTestId('audit-start').fill('2027-02-01');
    await page.getByTestId('audit-end').fill('2027-02-05');
    await choose(page, page.getByTestId('team-user').first(), '吉野 監査担当');
    await page.getByTestId('audit-create-submit').click();
    await page.waitForURL((u) => /^\/assessments\/audits\/[^/]+$/.test(u.pathname) && u.pathname !== auditPath);
    expect(await status(page)).toBe('planned');
    await page.getByText('フォローアップ監査', { exact: true }).first().waitFor();
    await page.getByText('監査範囲（1項目）').waitFor();
    await cleanShot(page, 'audits-follow-up');
    await context.close();
  });

  it('once three institutions’ reports are issued, everyone sees the consortium view per chapter, without names', async () => {
    /** Signed in through the browser's request context (API calls with the session cookie and CSRF token). */
    async function apiAs(email: string) {
      const { context, page } = await signedIn(e2e, email);
      const session = await (await page.request.get('/api/v1/auth/session')).json();
      const headers = { 'x-csrf-token': session.csrfToken };
      const call = async (method: 'get' | 'post' | 'put', url: string, data?: unknown) => {
        const res = await page.request[method](`/api/v1${url}`, { headers, ...(data === undefined ? {} : { data }) });
        expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
        return res.json();
      };
      return { context, page, call, userId: session.session.user.id as string };
    }
    async function runMutual(auditorCode: string, adminEmail: string, leadEmail: string, auditeeAdminEmail: string, ratings: Record<string, string>) {
      const admin = await apiAs(adminEmail);
      await makeChecklistTemplate(admin.page, STANDARD, '相互監査チェックリスト（e2e）');
      const lead = await apiAs(leadEmail);
      const auditee = await apiAs(auditeeAdminEmail);
      const template = (await admin.call('get', '/checklists')).items[0].id;
      const pair = (await admin.call('get', '/assessments/audit-plans?fiscalYear=2026')).items[0].pairs.find((p: { auditor: { code: string } }) => p.auditor.code === auditorCode);
      const audit = await admin.call('post', '/assessments/audits', { kind: 'mutual', title: `相互監査 ${auditorCode}`, templateId: template, pairId: pair.id, team: [{ userId: lead.userId, role: 'lead' }], startDate: '2026-12-01', endDate: '2026-12-10' });
      const A = `/assessments/audits/${audit.id}`;
      await admin.call('post', `${A}/scope/accept`);
      await auditee.call('post', `${A}/scope/accept`);
      await lead.call('post', `${A}/fieldwork`);
      const items: { id: string; citation: string }[] = (await lead.call('get', `${A}/items`)).items;
      for (const [citation, rating] of Object.entries(ratings)) {
        await lead.call('put', `${A}/items/${items.find((i) => i.citation === citation)!.id}/rating`, { rating, comment: '根拠' });
      }
      await lead.call('post', `${A}/reporting`);
      await lead.call('post', `${A}/issue-report`, {});
      for (const who of [admin, lead, auditee]) await who.context.close();
    }
    await runMutual('minato', 'admin@minato-u.example', 'auditor@minato-u.example', 'admin@aoba-intl.example', { '1.1(1)①': 'conforming', '1.1(1)②': 'conforming', '6.1(1)①': 'conforming', '6.2(1)①': 'minor_nc' });
    await runMutual('aoba', 'admin@aoba-intl.example', 'auditor@aoba-intl.example', 'admin@hibari-sci.example', { '1.1(1)①': 'minor_nc', '6.1(1)①': 'conforming', '6.2(1)①': 'observation' });

    const { context, page } = await signedIn(e2e, 'staff@minato-u.example');
    await page.getByTestId('nav-assessments-audit-plan').click();
    await page.getByText('3機関の結果').waitFor();
    await expect.poll(() => page.getByTestId('aggregate-row').count()).toBe(2);
    // 適合 counts good practice too. Chapter 1: みなと good_practice (1.1①; 1.1② left its scope), あおば conforming ×2, ひばり minor_nc → 3 of 4.
    // Chapter 6: みなと minor_nc, conforming; あおば conforming, minor_nc; ひばり conforming, observation → 3 of 6.
    const cells = await page.getByTestId('aggregate-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    expect(cells).toEqual([['第1章', '4', '75.0%'], ['第6章', '6', '50.0%']]);
    const text = (await page.getByTestId('aggregates').textContent()) ?? '';
    for (const name of ['さくら', 'みなと', 'あおば', 'ひばり']) expect(text).not.toContain(name);
    await cleanShot(page, 'audits-consortium-view');
    await context.close();
  });
});
