import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './support/harness.ts';
import { choose, cleanShot, makeChecklistTemplate, signedIn } from './support/ui.ts';
import { smallStandard } from '../support/standard.ts';

// A standard written for this test: chapters 1 and 6, four checklist items.
const STANDARD = smallStandard('自己点検 e2e');

let e2e: E2E;
let campaignPath = '';

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const card = (page: Page, citation: string) => page.locator(`[data-testid="answer-card"][data-citation="${citation}"]`);
const reviewRow = (page: Page, citation: string) => page.locator(`[data-testid="review-row"][data-citation="${citation}"]`);

async function answer(page: Page, citation: string, result: string, comment?: string, submit = true): Promise<void> {
  const c = card(page, citation);
  await c.getByTestId(`result-${result}`).check();
  if (comment !== undefined) await c.getByTestId('answer-comment').fill(comment);
  await c.getByTestId(submit ? 'answer-submit' : 'answer-save').click();
  await card(page, citation).getByTestId('answer-status').and(page.locator(`[data-status="${submit ? 'submitted' : 'draft'}"]`)).waitFor();
}

describe('self-inspection campaign, end to end', () => {
  it('the administrator creates a campaign from a checklist template, assigns the items and opens it', async () => {
    const { context, page } = await signedIn(e2e, 'admin@sakura-tech.example');
    await makeChecklistTemplate(page, STANDARD, '自己点検チェックリスト（e2e）');
    await page.getByTestId('nav-assessments').click();
    await page.waitForURL((u) => u.pathname === '/assessments');
    await page.getByTestId('empty-state').waitFor();

    await page.getByTestId('campaign-create').first().click();
    await page.getByTestId('campaign-title').fill('2026年度 情報セキュリティ自己点検（e2e）');
    await choose(page, 'campaign-template', /自己点検チェックリスト（e2e）/);
    await choose(page, 'campaign-owner', '吉野 監査担当');
    await page.getByTestId('campaign-deadline').fill('2027-01-31');
    await page.getByTestId('campaign-create-submit').click();
    await page.waitForURL((u) => u.pathname.startsWith('/assessments/campaigns/'));
    campaignPath = new URL(page.url()).pathname;
    await page.getByTestId('assign-form').waitFor();
    expect(await page.getByTestId('campaign-status').getAttribute('data-status')).toBe('draft');
    expect(await page.getByTestId('campaign-deadline-value').textContent()).toBe('2027/01/31 23:59');

    // Chapter 6 to every system administrator (role), chapter 1 to one person.
    await page.getByTestId('assign-prefix').fill('6');
    await page.getByText('役割', { exact: true }).first().click();
    await choose(page, 'assign-role', 'システム管理者');
    await page.getByTestId('assign-department').fill('情報基盤センター');
    await page.getByTestId('assign-submit').click();
    await page.getByText('2件を割り当てました').waitFor();
    await page.getByTestId('assign-prefix').fill('1');
    await page.getByText('個人', { exact: true }).first().click();
    await choose(page, 'assign-user', '八重 教職員');
    await page.getByTestId('assign-department').fill('総務課');
    await page.getByTestId('assign-submit').click();
    await page.getByText('2件を割り当てました').last().waitFor();
    await expect.poll(() => page.getByTestId('assignee').count()).toBe(4);
    await cleanShot(page, 'assessments-setup');

    // The deadline moves by two weeks (a JST day: until 23:59 that day).
    await page.getByTestId('campaign-edit').click();
    await page.getByTestId('edit-deadline').fill('2027-02-14');
    await page.getByTestId('edit-save').click();
    await expect.poll(() => page.getByTestId('campaign-deadline-value').textContent()).toBe('2027/02/14 23:59');

    await page.getByTestId('campaign-open').click();
    await page.getByTestId('confirm-button').click();
    await page.locator('[data-testid="campaign-status"][data-status="open"]').waitFor();
    await context.close();
  });

  it('a respondent answers with a comment and a link as evidence, saves a draft and submits', async () => {
    const { context, page } = await signedIn(e2e, 'sysadmin@sakura-tech.example');
    await page.getByTestId('nav-assessments').click();
    await page.getByTestId('campaign-row').first().getByRole('link').click();
    await page.waitForURL((u) => u.pathname === campaignPath);
    await card(page, '6.1(1)①').waitFor();
    expect(await page.getByTestId('answer-card').count()).toBe(2);

    // 一部実施 without a comment is refused with the server's reason; nothing is submitted.
    const c61 = card(page, '6.1(1)①');
    await c61.getByTestId('result-partial').check();
    await c61.getByTestId('evidence-link-title').fill('ログ取得設定書（ポータル）');
    await c61.getByTestId('evidence-link-url').fill('https://portal.sakura-tech.example/logs/2026');
    await c61.getByTestId('evidence-link-add').click();
    await c61.getByTestId('evidence-item').waitFor();
    await c61.getByTestId('answer-submit').click();
    await c61.getByTestId('error-alert').waitFor();
    expect(await c61.getByTestId('answer-status').getAttribute('data-status')).toBe('none');
    await answer(page, '6.1(1)①', 'partial', '主要サーバーは取得済み。研究室サーバーは未対応。', false);
    await answer(page, '6.1(1)①', 'partial');
    // A file as evidence for the other item.
    const c62 = card(page, '6.2(1)①');
    await c62.locator('input[type="file"]').setInputFiles({ name: 'パッチ適用記録.txt', mimeType: 'text/plain', buffer: Buffer.from('2026-10 月次パッチ適用: 全サーバー完了\n', 'utf8') });
    await c62.getByTestId('evidence-file-add').click();
    await c62.getByTestId('evidence-item').waitFor();
    // The link registered for 6.1 serves this item too, picked from the respondent's evidence.
    await c62.getByTestId('evidence-reuse').click();
    await page.getByRole('option', { name: /^ログ取得設定書（ポータル）（URL）$/ }).click();
    await expect.poll(() => c62.getByTestId('evidence-item').count()).toBe(2);
    await answer(page, '6.2(1)①', 'implemented');
    expect(await card(page, '6.2(1)①').getByTestId('evidence-item').allTextContents()).toEqual([expect.stringContaining('パッチ適用記録.txt'), expect.stringContaining('ログ取得設定書（ポータル）')]);
    expect(await card(page, '6.1(1)①').getByTestId('evidence-item').textContent()).toContain('ログ取得設定書（ポータル）');
    expect(await page.getByTestId('mine-summary').textContent()).toBe('全2項目 ・ 提出済み 2項目');
    await cleanShot(page, 'assessments-respondent');
    await context.close();

    const staff = await signedIn(e2e, 'staff@sakura-tech.example');
    await staff.page.goto(campaignPath);
    await answer(staff.page, '1.1(1)①', 'implemented');
    await answer(staff.page, '1.1(1)②', 'not_implemented', '委員会は今年度まだ開催していない');
    await staff.context.close();
  });

  it('the responsible person sends an answer back, accepts it after correction, raises an improvement item and downloads the report', async () => {
    const reviewer = await signedIn(e2e, 'auditor@sakura-tech.example');
    let page = reviewer.page;
    await page.goto(`${campaignPath}?tab=review`);
    await reviewRow(page, '6.1(1)①').waitFor();
    expect(await page.getByTestId('review-row').count()).toBe(4);
    await reviewRow(page, '6.1(1)①').getByTestId('review-send-back').click();
    await page.getByTestId('send-back-comment').fill('研究室サーバーの対応予定時期を書いてください');
    await page.getByTestId('send-back-submit').click();
    await expect.poll(() => page.getByTestId('review-row').count()).toBe(3);
    for (const citation of ['6.2(1)①', '1.1(1)①', '1.1(1)②']) {
      await reviewRow(page, citation).getByTestId('review-accept').click();
      await reviewRow(page, citation).waitFor({ state: 'detached' });
    }

    // The respondent sees why, corrects and submits again.
    const respondent = await signedIn(e2e, 'sysadmin@sakura-tech.example');
    await respondent.page.goto(campaignPath);
    const c61 = card(respondent.page, '6.1(1)①');
    await c61.getByTestId('review-comment').waitFor();
    expect(await c61.getByTestId('review-comment').textContent()).toContain('対応予定時期');
    expect(await c61.getByTestId('answer-status').getAttribute('data-status')).toBe('sent_back');
    await answer(respondent.page, '6.1(1)①', 'partial', '主要サーバーは取得済み。研究室サーバーは2027年3月までに対応する。');
    await respondent.context.close();

    await page.reload();
    await reviewRow(page, '6.1(1)①').getByTestId('review-accept').click();
    await page.getByTestId('empty-state').waitFor();

    // An improvement item from the 実施していない answer.
    await page.getByTestId('review-filter').getByText('承認済み').click();
    await reviewRow(page, '1.1(1)②').getByTestId('review-raise').click();
    await page.getByTestId('improvement-title').fill('情報セキュリティ委員会の年次開催');
    await page.getByTestId('improvement-create').click();
    await page.getByText('改善項目を作成しました').waitFor();
    await page.getByTestId('tab-improvements').click();
    expect(await page.getByTestId('improvement-row').textContent()).toContain('情報セキュリティ委員会の年次開催');

    await page.getByTestId('tab-progress').click();
    await page.getByTestId('progress-dashboard').waitFor();
    expect(await page.getByTestId('progress-stat').allTextContents()).toEqual(['割り当て4', '未着手0', '下書き0', '提出済み0', '承認済み4']);
    expect(await page.getByTestId('progress-departments').textContent()).toContain('情報基盤センター');
    await cleanShot(page, 'assessments-dashboard');

    await page.getByTestId('tab-results').click();
    await page.getByTestId('results-chapters').waitFor();
    expect(await page.getByTestId('results-score').textContent()).toBe('62.5%');
    expect(await page.getByTestId('results-comparison').textContent()).toContain('前年度の点検がないため');
    await cleanShot(page, 'assessments-results');

    for (const [id, ext, magic] of [['report-pdf', 'pdf', '%PDF'], ['report-xlsx', 'xlsx', 'PK']] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^自己点検報告書_2026年度_.*\\.${ext}$`));
      const file = await download.path();
      expect(fs.readFileSync(file).subarray(0, magic.length).toString('latin1')).toBe(magic);
    }
    await reviewer.context.close();

    // The respondent has no review, progress or report.
    const r2 = await signedIn(e2e, 'sysadmin@sakura-tech.example');
    page = r2.page;
    await page.goto(campaignPath);
    await card(page, '6.1(1)①').waitFor();
    expect(await page.getByTestId('tab-review').count()).toBe(0);
    expect(await page.getByTestId('report-pdf').count()).toBe(0);
    expect(await card(page, '6.1(1)①').getByTestId('answer-status').getAttribute('data-status')).toBe('accepted');
    await r2.context.close();
  });

  it('lists campaigns by fiscal year with their progress, and improvement items across campaigns', async () => {
    const { context, page } = await signedIn(e2e, 'admin@sakura-tech.example');
    await page.goto('/assessments');
    await choose(page, 'fy-filter', '2026年度');
    await page.waitForURL((u) => u.search === '?fy=2026');
    const row = page.getByTestId('campaign-row');
    await row.getByTestId('completion').waitFor();
    expect(await row.textContent()).toContain('100.0%');
    expect(await row.getByTestId('campaign-status').textContent()).toBe('実施中');
    await cleanShot(page, 'assessments-list');
    await choose(page, 'fy-filter', '2025年度');
    await page.getByTestId('empty-state').waitFor();

    // The campaign in English (the choice is saved with the account, so switch back after).
    await page.goto(`${campaignPath}?tab=results`);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.getByRole('tab', { name: 'Results' }).waitFor();
    expect(await page.getByTestId('results-chapters').textContent()).toContain('Chapter 6');
    await cleanShot(page, 'assessments-results-en');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-ja').click();
    await page.getByRole('tab', { name: '結果' }).waitFor();

    // The improvement item is the administrator's own too (managers see the institution's); it moves on.
    await page.getByTestId('nav-assessments-improvements').click();
    await page.getByTestId('improvement-row').waitFor();
    await page.getByTestId('improvement-change').click();
    await choose(page, 'improvement-status-select', '対応中');
    await page.getByTestId('improvement-status-save').click();
    await page.getByTestId('improvement-status').filter({ hasText: '対応中' }).waitFor();
    await context.close();
  });

  it('the demo campaign at みなと shows its progress and the comparison with last year', async () => {
    const { context, page } = await signedIn(e2e, 'auditor@minato-u.example');
    await page.getByTestId('nav-assessments').click();
    await expect.poll(() => page.getByTestId('campaign-row').count()).toBe(2);
    await page.locator('[data-testid="campaign-row"]').filter({ has: page.locator('[data-status="open"]') }).getByRole('link').click();
    await page.getByTestId('tab-results').click();
    await page.getByTestId('results-comparison').getByText('改善').first().waitFor();
    await cleanShot(page, 'assessments-demo-results');
    await context.close();
  });
});
