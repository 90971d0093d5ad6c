import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type E2E, SCREENSHOT_DIR, screenshot, startE2E, submitSignIn } from './support/harness.ts';

// Regulations written for this test: a member's article-form rules and an outline-form baseline.
const REGULATION = `○さくら工科大学情報システム運用規程

第1章 総則

(趣旨)
第1条 この規程は、さくら工科大学（以下「本学」という。）の情報システムの運用及び管理について必要な事項を定める。

第2章 情報システムの管理

(ログの取得)
第2条 技術責任者は、情報システムの不正な利用及び不正侵入を検証するため、必要なログを取得しなければならない。
2 技術責任者は、取得したログを1年間以上保存し、改ざん及び消去を防止するよう適切に管理しなければならない。

(暗号化)
第3条 技術責任者は、機密性3以上の情報を取り扱う情報システムについて、暗号化機能を設けなければならない。
2 技術責任者は、暗号鍵を適切に管理しなければならない。

(アカウントの管理)
第4条 技術責任者は、利用者の退職等により不要となったアカウントを速やかに停止しなければならない。
`;

// The next revision: a retention period changes and an article on vulnerabilities is added.
const REGULATION_V2 = `${REGULATION.replace('1年間以上保存し', '2年間以上保存し')}
(脆弱性対策)
第5条 技術責任者は、ソフトウェアの脆弱性情報を収集し、速やかに修正プログラムを適用しなければならない。
`;

const BASELINE = `情報セキュリティ対策基準（e2eテスト用）

第1章 情報システムのセキュリティ機能

1.1 ログの取得・管理

(1) 遵守事項
① 情報システム管理者は、不正侵入や不正操作を検証するために必要なログを取得する。
② 情報システム管理者は、ログの改ざん及び消去を防止し、保存期間を定めて管理する。

1.2 暗号・電子署名

(1) 遵守事項
① 情報システム管理者は、機密性3以上の情報を取り扱う情報システムに暗号化機能を設ける。
② 情報システム管理者は、暗号鍵を適切に管理する。

1.3 物理的な入退室管理

(1) 遵守事項
① 情報セキュリティ責任者は、サーバ室への入退室を記録し、管理する。
`;

// "(趣旨)\n第1条 この規程は、情報システムの運用について定める。\n(ログの取得)\n第2条 技術責任者は、必要なログを取得する。" in Shift_JIS
const SJIS_HEX =
  '288eef8e7c290a91e6318ff02082b182cc8b4b92f682cd81418fee95f1835683588365838082cc895e977082c982c282a282c492e882df82e981420a28838d834f82cc8ee693be290a91e6328ff0208b5a8f7090d394438ed282cd8141954b977682c8838d834f82f08ee693be82b782e981420a';

const SEED_002 = path.resolve('..', 'shared', 'seeds', '002_b6339e252ba34cbc.txt');
const SEED_003 = path.resolve('..', 'shared', 'seeds', '003_2f9e87e3674c5d34.txt');

let e2e: E2E;
const ids: { regulation?: string; baseline?: string } = {};

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

async function signedIn(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.newContext();
  const page = await context.newPage();
  await submitSignIn(page, 'admin@sakura-tech.example', DEMO_PASSWORD);
  await page.waitForURL((u) => u.pathname === '/');
  return { context, page };
}

/** Picks an option of a Mantine Select (by test id on the page, or a locator) by its visible label. */
async function choose(page: Page, select: string | Locator, option: string | RegExp): Promise<void> {
  await (typeof select === 'string' ? page.getByTestId(select) : select).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** On the import page: choose a file (from memory), read it, wait for the preview. */
async function readFile(page: Page, name: string, content: string | Buffer): Promise<void> {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });
  await page.getByTestId('import-read').click();
  await page.getByTestId('preview-tree').waitFor();
}

const row = (page: Page, citation: string) => page.locator(`[data-testid="clause-row"][data-citation="${citation}"]`).first();
const idFromUrl = (page: Page) => new URL(page.url()).pathname.split('/').pop() ?? '';

describe('regulations and control catalogs', () => {
  it('imports a regulation, corrects a level in the preview, and saves it', async () => {
    const { context, page } = await signedIn();
    await page.getByTestId('nav-catalogs').click();
    await page.getByTestId('empty-state').waitFor();
    await screenshot(page, 'catalogs-list-empty');

    await page.getByTestId('catalogs-import').first().click();
    await page.waitForURL((u) => u.pathname === '/catalogs/import');
    await readFile(page, 'sakura-unyou.txt', REGULATION);
    expect(await page.getByTestId('preview-form').textContent()).toContain('条文形式');
    expect(await page.getByTestId('preview-encoding').textContent()).toMatch(/utf-?8/i);
    expect(await row(page, '第2条').getByTestId('clause-heading').textContent()).toBe('ログの取得');
    // Articles start closed; their paragraphs show when opened.
    expect(await row(page, '第2条第2項').count()).toBe(0);
    await page.getByRole('button', { name: 'すべて開く' }).click();
    await row(page, '第2条第2項').waitFor();

    // A level correction: 第3条 under 第2条, then back up again.
    await row(page, '第3条').getByTestId('clause-demote').click();
    await page.getByTestId('preview-edits').waitFor();
    await screenshot(page, 'catalogs-import-demoted');
    await row(page, '第3条').getByTestId('clause-promote').click();
    // 第3条 follows 第2条 again, and its paragraph stayed with it.
    const order = await page.getByTestId('clause-citation').allTextContents();
    expect(order.indexOf('第3条')).toBeGreaterThan(order.indexOf('第2条第2項'));
    expect(order.indexOf('第3条第2項')).toBe(order.indexOf('第3条') + 1);
    await page.getByRole('button', { name: '修正を元に戻す' }).click();

    expect(await page.getByTestId('save-title').inputValue()).toBe('さくら工科大学情報システム運用規程');
    await choose(page, 'save-confidentiality', /機密性4/);
    await page.getByTestId('no-share-note').waitFor();
    expect(await page.getByTestId('save-shared').isDisabled()).toBe(true);
    await choose(page, 'save-confidentiality', /機密性2/);
    await screenshot(page, 'catalogs-import-preview');
    await page.getByTestId('save-submit').click();
    await page.waitForURL((u) => /^\/catalogs\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/import'));
    ids.regulation = idFromUrl(page);
    expect(await page.getByTestId('regulation-title').textContent()).toBe('さくら工科大学情報システム運用規程');
    await row(page, '第4条').waitFor();
    await page.getByTestId('tree-search').fill('暗号');
    await page.getByTestId('tree-matches').waitFor();
    await screenshot(page, 'catalogs-detail');
    await context.close();
  });

  it('imports an outline-form baseline as a standard', async () => {
    const { context, page } = await signedIn();
    await page.goto('/catalogs/import');
    // Not a regulation: a clear message, no preview, nothing saved.
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3a1d4e30000000049454e44ae426082', 'hex');
    await page.locator('input[type="file"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    await page.getByTestId('import-read').click();
    await page.getByTestId('error-alert').waitFor();
    expect(await page.getByTestId('preview-tree').count()).toBe(0);
    await screenshot(page, 'catalogs-import-error');

    // Shift_JIS text is read as such, and the preview says so.
    await readFile(page, 'sjis.txt', Buffer.from(SJIS_HEX, 'hex'));
    expect(await page.getByTestId('preview-encoding').textContent()).toMatch(/shift_?jis/i);
    expect(await row(page, '第2条').getByTestId('clause-heading').textContent()).toBe('ログの取得');

    await readFile(page, 'baseline.txt', BASELINE);
    expect(await page.getByTestId('preview-form').textContent()).toContain('項番形式');
    for (const c of ['1.1', '1.2', '1.3']) await row(page, c).waitFor();
    expect(await row(page, '1.1').getByTestId('clause-heading').textContent()).toBe('ログの取得・管理');
    await choose(page, 'save-kind', '基準');
    await page.getByTestId('save-shared').check();
    await page.getByTestId('save-submit').click();
    await page.waitForURL((u) => /^\/catalogs\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/import'));
    ids.baseline = idFromUrl(page);
    await page.getByTestId('nav-catalogs').click();
    await page.getByTestId('catalogs-table').waitFor();
    expect(await page.getByTestId('regulation-row').count()).toBe(2);
    await screenshot(page, 'catalogs-list');
    await context.close();
  });

  it('compares the regulation with the baseline, confirms a mapping and keeps it after reload', async () => {
    expect(ids.regulation && ids.baseline).toBeTruthy();
    const { context, page } = await signedIn();
    await page.goto(`/catalogs/compare?source=${ids.regulation}&target=${ids.baseline}`);
    await page.getByTestId('coverage-table').waitFor();
    const section13 = page.locator('[data-testid="coverage-row"][data-citation="1.3"]');
    expect(await section13.getAttribute('data-status')).toBe('missing');
    expect(await section13.getByTestId('coverage-status').textContent()).toBe('未対応');

    const logArticle = page.locator('[data-testid="mapping"][data-source="第2条"]');
    const top = logArticle.getByTestId('candidate').first();
    expect(await top.getAttribute('data-target')).toBe('1.1');
    expect(await top.getByTestId('candidate-score').textContent()).toMatch(/類似度 \d+%/);
    await screenshot(page, 'catalogs-compare');

    await top.getByTestId('candidate-rationale').fill('ログの取得と保存期間を定めている');
    await choose(page, top.getByTestId('candidate-relationship'), '同等');
    await top.getByTestId('candidate-confirm').click();
    await logArticle.locator('[data-testid="candidate"][data-target="1.1"][data-decision="confirmed"]').waitFor();

    await page.reload();
    await page.getByTestId('coverage-table').waitFor();
    const section11 = page.locator('[data-testid="coverage-row"][data-citation="1.1"]');
    expect(await section11.getByTestId('coverage-basis').textContent()).toBe('確認済み');
    const confirmed = page.locator('[data-testid="mapping"][data-source="第2条"] [data-testid="candidate"][data-target="1.1"]');
    expect(await confirmed.getAttribute('data-decision')).toBe('confirmed');
    expect(await confirmed.getByTestId('candidate-status').textContent()).toContain('確認済み');
    await page.getByTestId('coverage-filter').getByText(/未対応/).click();
    expect(await page.getByTestId('coverage-row').count()).toBe(1);
    await screenshot(page, 'catalogs-compare-confirmed');

    // The same page in English (the choice is saved with the account, so switch back after).
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { name: 'Compare & gap analysis' }).waitFor();
    await screenshot(page, 'catalogs-compare-en');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-ja').click();
    await page.getByRole('heading', { name: '比較・ギャップ分析' }).waitFor();

    // The exports are real downloads.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await context.close();
  });

  it('saves a revision as a new version and shows the word-level diff', async () => {
    const { context, page } = await signedIn();
    await page.goto(`/catalogs/import?regulationId=${ids.regulation}`);
    await readFile(page, 'sakura-unyou-v2.txt', REGULATION_V2);
    await page.getByTestId('save-version-label').fill('令和8年4月改正');
    await page.getByTestId('save-submit').click();
    await page.waitForURL((u) => u.pathname === `/catalogs/${ids.regulation}`);
    await page.getByTestId('diff-summary').waitFor();
    await page.locator('[data-testid="diff-change"][data-type="added"]').filter({ hasText: '第5条' }).waitFor();
    const changed = page.locator('[data-testid="diff-change"][data-type="changed"]').first();
    expect(await changed.locator('ins').first().textContent()).toContain('2');
    expect(await changed.locator('del').first().textContent()).toContain('1');
    await screenshot(page, 'catalogs-diff');
    await context.close();
  });

  it('searches clause text across regulations and turns clauses into a checklist', async () => {
    const { context, page } = await signedIn();
    await page.getByTestId('nav-catalogs-search').click();
    await page.getByTestId('clause-search-input').fill('ログ 保存');
    await page.getByTestId('clause-search-submit').click();
    await page.getByTestId('search-results').waitFor();
    expect(await page.getByTestId('search-hit').first().textContent()).toContain('ログ');
    await screenshot(page, 'catalogs-search');

    await page.goto(`/catalogs/${ids.regulation}`);
    // Share it with the consortium.
    await page.getByTestId('detail-visibility').click();
    await page.getByTestId('visibility-consortium').check();
    await page.waitForTimeout(300); // let the modal finish opening before the picture
    await screenshot(page, 'catalogs-visibility');
    await page.getByTestId('visibility-save').click();
    await expect.poll(() => page.getByTestId('visibility-badge').textContent()).toBe('コンソーシアムに共有');

    await page.getByTestId('select-mode').click();
    await row(page, '第2条').getByTestId('clause-select').check();
    expect(await page.getByTestId('selected-count').textContent()).toContain('2件');
    await page.getByTestId('detail-checklist').click();
    await page.getByTestId('checklist-create').waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, 'catalogs-checklist-create');
    await page.getByTestId('checklist-create').click();
    await page.waitForURL((u) => u.pathname.startsWith('/catalogs/checklists/'));
    await page.getByTestId('checklist-items').waitFor();
    expect(await page.getByTestId('checklist-item').count()).toBe(2);
    await screenshot(page, 'catalogs-checklist');
    await context.close();
  });

  it.skipIf(!fs.existsSync(SEED_002) || !fs.existsSync(SEED_003))('imports the real seeds 002 and 003 and compares them (skipped when ../shared/seeds is absent)', async () => {
    const { context, page } = await signedIn();
    await page.goto('/catalogs/import');
    await readFile(page, '002_b6339e252ba34cbc.txt', fs.readFileSync(SEED_002));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'catalogs-import-seed-002-top.png') });
    const article32 = row(page, '第32条');
    expect(await article32.getByTestId('clause-heading').textContent()).toContain('ログの取得');
    await article32.getByTestId('clause-toggle').click();
    await row(page, '第32条第5項').waitFor();
    await article32.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'catalogs-import-seed-002.png') });

    // Both real documents, compared in the browser: the page copes with their size.
    await page.getByTestId('save-submit').click();
    await page.waitForURL((u) => /^\/catalogs\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/import'));
    const regulation = idFromUrl(page);
    await page.goto('/catalogs/import');
    await readFile(page, '003_2f9e87e3674c5d34.txt', fs.readFileSync(SEED_003));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'catalogs-import-seed-003.png') });
    await choose(page, 'save-kind', '基準');
    await page.getByTestId('save-submit').click();
    await page.waitForURL((u) => /^\/catalogs\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/import'));
    const standard = idFromUrl(page);
    await page.goto(`/catalogs/compare?source=${regulation}&target=${standard}`);
    await page.getByTestId('coverage-table').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('coverage-row').count()).toBeGreaterThan(20);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'catalogs-compare-seeds.png') });
    await page.getByTestId('mapping-filter').fill('第32条');
    await page.locator('[data-testid="mapping"][data-source="第32条"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'catalogs-compare-seeds-article32.png') });
    await context.close();
  });
});
