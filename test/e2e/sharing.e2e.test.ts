import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, screenshot, signInWithNewMfa, startE2E } from './support/harness.ts';
import { apiAs, selectText } from './support/sharing-helpers.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const TITLE = 'VPN 装置への不正ログインと学内サーバーへの接続試行';
const DESCRIPTION = [
  '11月20日 02:14、攻撃元 198.18.7.25 から vpn-gw.sakura-tech.example への不正ログインを検知した。',
  '情報基盤センターの山本様（yamamoto@sakura-tech.example、電話 076-000-1234）が調査し、CVE-2026-12345 の悪用と判断した。',
  '攻撃者は学内の files.sakura-tech.example にも接続を試みた。',
  '製品ベンダーのサポート窓口（0120-000-456）に問い合わせたところ、修正版が提供された。',
].join('\n');
/** What identifies the reporting institution or a person: none of it may reach another member's page. */
const REDACTED = ['山本', 'yamamoto@sakura-tech.example', '076-000-1234', 'vpn-gw.sakura-tech.example', 'files.sakura-tech.example', '情報基盤センター'];

describe('anonymous sharing with the consortium in the browser', () => {
  let reportId = '';

  it('the さくら CSIRT reviews the redactions and publishes as TLP:AMBER; みなと finds, reads, asks and exports without learning who reported', async () => {
    // The incident, reported and triaged through the API by the さくら CSIRT.
    const sakura = await signInWithNewMfa(e2e, 'csirt@sakura-tech.example');
    const sApi = await apiAs(sakura.page);
    const reported = await sApi.post('/incidents/reports', { subject: TITLE, description: DESCRIPTION, suspicion: false });
    expect(reported.status()).toBe(201);
    const incident = ((await sApi.get('/incidents')).items as { id: string; title: string }[]).find((i) => i.title === TITLE)!;
    expect((await sApi.patch(`/incidents/${incident.id}`, { isIncident: true, category: 'unauthorised_access', severity: 'high' })).status()).toBe(200);

    // 1. The new shared report: prefilled from the incident, TLP:AMBER and no disclosure by default.
    await sakura.page.goto(`/sharing/new?incident=${incident.id}`);
    await sakura.page.getByTestId('share-form').waitFor();
    expect(await sakura.page.getByTestId('share-title').inputValue()).toBe(TITLE);
    expect(await sakura.page.getByTestId('share-body').inputValue()).toContain('198.18.7.25');
    expect(await sakura.page.getByTestId('tlp-AMBER').getAttribute('data-checked')).toBe('true');
    expect(await sakura.page.getByTestId('share-disclose').isChecked()).toBe(false);
    await sakura.page.getByText('開示しない（既定）: 報告機関は「参加機関」とだけ表示されます。').waitFor();
    await sakura.page.getByTestId('share-summary').fill('SSL-VPN 装置の認証前の脆弱性を突いた不正ログイン。学内サーバーへの横展開を試みた形跡あり。');
    await sakura.page.getByTestId('share-products').fill('ExampleVPN 9.1');
    await sakura.page.getByTestId('share-products').press('Enter');
    await sakura.page.getByTestId('share-cves').fill('cve-2026-12345');
    await sakura.page.getByTestId('share-cves').press('Enter');
    await sakura.page.getByTestId('share-indicators').fill('198.18.7.25 # 攻撃元');
    await screenshot(sakura.page, 'sharing-new');
    await sakura.page.getByTestId('share-submit').click();
    await sakura.page.waitForURL((u) => u.pathname.startsWith('/sharing/drafts/'));
    reportId = decodeURIComponent(new URL(sakura.page.url()).pathname.split('/').pop()!);

    // 2. Every proposal highlighted by kind; all accepted at first.
    const review = sakura.page.getByTestId('draft-review');
    await review.waitFor();
    const body = sakura.page.getByTestId('text-body');
    for (const [kind, text] of [['person', '山本'], ['email', 'yamamoto@sakura-tech.example'], ['phone', '076-000-1234'], ['domain', 'vpn-gw.sakura-tech.example'], ['domain', 'files.sakura-tech.example']]) {
      await body.locator(`[data-testid="redaction-mark"][data-kind="${kind}"][data-state="accepted"]`, { hasText: text! }).waitFor();
    }
    // What other members need is not proposed.
    expect(await body.locator('[data-testid="redaction-mark"]', { hasText: '198.18.7.25' }).count()).toBe(0);
    expect(await body.locator('[data-testid="redaction-mark"]', { hasText: 'CVE-2026-12345' }).count()).toBe(0);

    // The vendor's public support number is no secret: rejected, it stays.
    const vendor = sakura.page.locator('[data-testid="proposal"][data-text="0120-000-456"]');
    await vendor.locator('.mantine-Switch-track').click();
    await sakura.page.locator('[data-testid="proposal"][data-text="0120-000-456"][data-accepted="false"]').waitFor();
    await body.locator('[data-testid="redaction-mark"][data-state="rejected"]', { hasText: '0120-000-456' }).waitFor();

    // The engine did not know the internal unit: the author selects it with the mouse and adds it as an institution name.
    await selectText(sakura.page, 'text-body', '情報基盤センター');
    await sakura.page.getByTestId('selection-bar').getByText('選んだ範囲: 「情報基盤センター」').waitFor();
    await sakura.page.getByTestId('selection-kind').click();
    await sakura.page.getByRole('option', { name: '機関名' }).click();
    await sakura.page.getByTestId('selection-add').click();
    await sakura.page.locator('[data-testid="added-span"][data-text="情報基盤センター"]').waitFor();
    await body.locator('[data-testid="redaction-mark"][data-state="added"][data-kind="institution"]', { hasText: '情報基盤センター' }).waitFor();

    // The live preview shows what will be published.
    const preview = (await sakura.page.getByTestId('preview-body').textContent())!;
    expect(preview).toContain('［機関名］の［氏名］様（［メール］、電話 ［電話番号］）');
    expect(preview).toContain('198.18.7.25 から ［ホスト名］ への不正ログイン');
    expect(preview).toContain('0120-000-456');
    for (const s of REDACTED) expect(preview).not.toContain(s);
    await screenshot(sakura.page, 'sharing-review');

    await sakura.page.getByTestId('publish-open').click();
    await sakura.page.getByText('TLP:AMBER で公開し').waitFor();
    // The confirmation says how the originator will be shown.
    await sakura.page.getByTestId('publish-audience').getByText('他の参加機関に「参加機関」とだけ表示されます').waitFor();
    await sakura.page.getByTestId('confirm-button').click();
    await sakura.page.waitForURL((u) => u.pathname === `/sharing/reports/${reportId}`);
    await sakura.page.getByTestId('report-mine').waitFor();

    // 3. Another member's CSIRT finds it by a Japanese word; the originator is 参加機関.
    const minato = await signInWithNewMfa(e2e, 'csirt@minato-u.example');
    await minato.page.getByTestId('nav-sharing-reports').click();
    await minato.page.waitForURL((u) => u.pathname === '/sharing/reports');
    await minato.page.getByTestId('sharing-statistics').getByTestId('statistics-suppressed').waitFor();
    await minato.page.getByTestId('report-search').fill('不正ログイン');
    await minato.page.getByTestId('report-search-submit').click();
    await minato.page.waitForURL((u) => u.searchParams.get('q') === '不正ログイン');
    const hit = minato.page.locator(`[data-testid="report-hit"][data-id="${reportId}"]`);
    await hit.waitFor();
    expect(await hit.getByTestId('hit-originator').textContent()).toBe('報告: 参加機関');
    expect(await hit.getByTestId('tlp-badge').textContent()).toBe('TLP:AMBER');
    expect(await hit.locator('mark').first().textContent()).toBe('不正ログイン');
    await screenshot(minato.page, 'sharing-search');
    // A word that is not there finds nothing, and says so.
    await minato.page.getByTestId('report-search').fill('ランサムウェア');
    await minato.page.getByTestId('report-search-submit').click();
    await minato.page.getByTestId('empty-state').getByText('条件に合う共有レポートはありません。').waitFor();
    // Filters: CVE and category find it without a word; another category does not.
    await minato.page.getByTestId('report-search').fill('');
    await minato.page.getByTestId('report-cve').fill('CVE-2026-12345');
    await minato.page.getByTestId('report-search-submit').click();
    await hit.waitFor();
    await minato.page.getByTestId('report-category').click();
    await minato.page.getByRole('option', { name: 'フィッシング' }).click();
    await minato.page.waitForURL((u) => u.searchParams.get('category') === 'phishing');
    await minato.page.getByTestId('empty-state').waitFor();
    await minato.page.getByTestId('report-category').click();
    await minato.page.getByRole('option', { name: '不正アクセス' }).click();
    await hit.waitFor();
    expect(new URL(minato.page.url()).searchParams.get('cve')).toBe('CVE-2026-12345');

    // 4. The report page: redacted texts, TLP with what it allows, and nothing that names さくら or its people.
    await minato.page.goto(`/sharing/reports/${reportId}`);
    await minato.page.getByTestId('shared-report').waitFor();
    expect(await minato.page.getByTestId('report-originator').textContent()).toBe('報告機関: 参加機関');
    await minato.page.getByTestId('report-tlp').getByText('参加機関の CSIRT・CISO・管理者と運営機関が閲覧できます。MISP・STIX で書き出せます。').waitFor();
    expect(await minato.page.getByTestId('report-cves').textContent()).toContain('CVE-2026-12345');
    expect(await minato.page.getByTestId('report-indicators').textContent()).toContain('198.18.7.25');
    const noLeak = async (page: Page) => {
      const text = await page.evaluate(() => document.body.innerText);
      for (const s of [...REDACTED, 'さくら', 'サクラ', '桜']) expect(text).not.toContain(s);
      expect(text.toLowerCase()).not.toContain('sakura');
      return text;
    };
    const seen = await noLeak(minato.page);
    expect(seen).toContain('［氏名］様');
    expect(seen).toContain('0120-000-456');

    // Members neither reveal the originator nor see the operator's indicator offers.
    expect(await minato.page.getByTestId('reveal').count()).toBe(0);
    expect(await minato.page.getByTestId('nav-sharing-offers').count()).toBe(0);

    // A question, answered by the originator as 報告機関.
    await minato.page.getByTestId('comment-input').fill('同じ攻撃元からの通信を当機関でも確認しました。最初の不正ログインの時刻を教えてください。');
    await minato.page.getByTestId('comment-submit').click();
    await minato.page.getByTestId('comment-review-panel').waitFor();
    await minato.page.getByTestId('comment-post').click();
    await minato.page.getByTestId('comment').filter({ hasText: '同じ攻撃元からの通信' }).getByTestId('comment-by').getByText('参加機関').waitFor();

    await sakura.page.reload();
    const question = sakura.page.getByTestId('comment').filter({ hasText: '同じ攻撃元からの通信' });
    await question.waitFor();
    expect(await question.getByTestId('comment-by').textContent()).toBe('参加機関');
    // The answer goes through the review: the name is proposed and stays accepted; the unit the engine does not know is added by selection.
    await sakura.page.getByTestId('comment-input').fill('最初の不正ログインは 11月20日 02:14（日本時間）です。施設管理課の担当の春野が確認しました。');
    await sakura.page.getByTestId('comment-submit').click();
    const answerText = sakura.page.getByTestId('comment-review-text');
    await answerText.locator('[data-testid="redaction-mark"][data-kind="person"][data-state="accepted"]', { hasText: '春野' }).waitFor();
    await sakura.page.locator('[data-testid="proposal"][data-text="春野"][data-accepted="true"]').waitFor();
    expect(await answerText.locator('[data-testid="redaction-mark"]', { hasText: '施設管理課' }).count()).toBe(0);
    await selectText(sakura.page, 'comment-review-text', '施設管理課');
    await sakura.page.getByTestId('selection-bar').getByText('選んだ範囲: 「施設管理課」').waitFor();
    await sakura.page.getByTestId('selection-kind').click();
    await sakura.page.getByRole('option', { name: '機関名' }).click();
    await sakura.page.getByTestId('selection-add').click();
    await answerText.locator('[data-testid="redaction-mark"][data-state="added"][data-kind="institution"]', { hasText: '施設管理課' }).waitFor();
    expect(await sakura.page.getByTestId('comment-review-preview').textContent()).toBe('最初の不正ログインは 11月20日 02:14（日本時間）です。［機関名］の担当の［氏名］が確認しました。');
    await screenshot(sakura.page, 'sharing-comment-review');
    await sakura.page.getByTestId('comment-post').click();
    await sakura.page.getByTestId('comment').filter({ hasText: '最初の不正ログインは' }).getByTestId('comment-by').getByText('報告機関').waitFor();
    await screenshot(sakura.page, 'sharing-report-originator');

    await minato.page.reload();
    const answer = minato.page.getByTestId('comment').filter({ hasText: '最初の不正ログインは' });
    await answer.waitFor();
    expect(await answer.getByTestId('comment-by').textContent()).toBe('報告機関');
    // The answer named its writer; the server redacted the name as it saved the comment.
    expect(await answer.getByTestId('comment-body').textContent()).toContain('［機関名］の担当の［氏名］が確認しました');
    const read = await noLeak(minato.page);
    for (const w of ['春野', '施設管理課']) expect(read).not.toContain(w);

    // 5. MISP export: TLP and Chatham House tags, no originating organisation.
    const [download] = await Promise.all([minato.page.waitForEvent('download'), minato.page.getByTestId('export-misp').click()]);
    const misp = await fs.readFile((await download.path())!, 'utf8');
    const tags = (JSON.parse(misp) as { Event: { Tag: { name: string }[] } }).Event.Tag.map((t) => t.name);
    expect(tags).toEqual(expect.arrayContaining(['tlp:amber', 'tlp:ex:chr']));
    expect(misp.toLowerCase()).not.toContain('sakura');
    for (const s of REDACTED) expect(misp).not.toContain(s);
    await screenshot(minato.page, 'sharing-report-member');

    await sakura.context.close();
    await minato.context.close();
  });

  it('the operator takes the indicators into a source, and reveals the originator only with a reason, warned that it is recorded', async () => {
    expect(reportId).not.toBe('');
    const op = await signInWithNewMfa(e2e, 'operator@soc.renkei.example');
    await op.page.getByTestId('nav-sharing-offers').click();
    await op.page.waitForURL((u) => u.pathname === '/sharing/offers');
    const offer = op.page.locator(`[data-testid="offer"][data-id="${reportId}"]`);
    await offer.waitFor();
    expect(await offer.textContent()).toContain('ipv4: 198.18.7.25');
    await offer.getByTestId('offer-source').click();
    await op.page.getByRole('option', { name: 'デモ: C2 サーバー一覧' }).click();
    await offer.getByTestId('offer-accept').click();
    await op.page.getByText('1 件の指標を取り込みました').waitFor();
    await op.page.locator(`[data-testid="offer"][data-id="${reportId}"][data-accepted="true"]`).waitFor();
    await screenshot(op.page, 'sharing-offers');

    // The report reads 参加機関 for the operator too, until the reasoned reveal.
    await op.page.goto(`/sharing/reports/${reportId}`);
    // The operator may narrow the label, never widen it: only stricter labels are offered, and none of the originator's other steps.
    await op.page.getByTestId('tlp-change').getByText('運営機関は、公開範囲を狭める（TLP を厳しくする）ことだけができます。').waitFor();
    await op.page.getByTestId('tlp-change-select').click();
    await op.page.getByRole('option', { name: 'TLP:RED（狭める）' }).waitFor();
    expect(await op.page.getByRole('option').allTextContents()).toEqual(['TLP:AMBER+STRICT（狭める）', 'TLP:RED（狭める）']);
    await op.page.keyboard.press('Escape');
    for (const id of ['originator-actions', 'addendum', 'withdraw']) expect(await op.page.getByTestId(id).count()).toBe(0);
    expect(await op.page.getByTestId('report-originator').textContent()).toBe('報告機関: 参加機関');
    await op.page.getByTestId('reveal-open').click();
    await op.page.getByTestId('reveal-warning').getByText('監査ログに記録され、報告機関の CSIRT・CISO・管理者にメールで通知されます').waitFor();
    await op.page.getByTestId('reveal-reason').fill('調整のため');
    await op.page.getByTestId('reveal-submit').click();
    await op.page.getByText('理由を 10 文字以上で書いてください').waitFor();
    expect(await op.page.getByTestId('reveal-result').count()).toBe(0);
    await op.page.getByTestId('reveal-reason').fill('同じ攻撃元 198.18.7.25 から他の参加機関への攻撃が続いており、報告機関と直接調整する必要があるため');
    await op.page.getByTestId('reveal-submit').click();
    await op.page.getByTestId('reveal-result').getByText('報告機関: さくら工科大学（デモ）（sakura）').waitFor();
    await op.page.getByRole('dialog').waitFor({ state: 'hidden' });
    await screenshot(op.page, 'sharing-reveal');
    await op.context.close();
  });
});
