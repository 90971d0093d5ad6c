import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, screenshot, signInWithNewMfa, startE2E } from './support/harness.ts';

// A blocklist as FireHOL netsets are written, with one malformed line (line 4).
const BLOCKLIST = '# e2e テスト用ブロックリスト\n198.18.9.1\n198.18.9.0/28\n999.1.2.3\nbad-site.example\n';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('threat intelligence in the browser', () => {
  it('imports a blocklist with a bad line and shows what was taken; indicators, lookup and the network registry', async () => {
    const { context, page } = await signInWithNewMfa(e2e, 'operator@soc.renkei.example');

    // Sources: the demo's three, then one made here.
    await page.getByTestId('nav-intel-sources').click();
    await page.waitForURL((u) => u.pathname === '/intel/sources');
    await page.getByTestId('sources-table').waitFor();
    expect(await page.getByTestId('source-row').count()).toBe(3);
    await page.getByTestId('source-add').click();
    await page.getByTestId('source-name').fill('e2e テスト用ブロックリスト');
    await page.getByTestId('source-submit').click();
    const row = page.locator('[data-testid="source-row"][data-name="e2e テスト用ブロックリスト"]');
    await row.waitFor();

    // Import: three entries taken, line 4 reported in Japanese and skipped.
    await row.getByTestId('source-import').click();
    await page.locator('input[type="file"]').setInputFiles({ name: 'netset.txt', mimeType: 'text/plain', buffer: Buffer.from(BLOCKLIST) });
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-report').waitFor();
    expect(await page.getByTestId('report-added').getAttribute('data-count')).toBe('3');
    expect(await page.getByTestId('report-rejected').getAttribute('data-count')).toBe('1');
    const issue = page.locator('[data-testid="import-issue"][data-line="4"]');
    expect(await issue.textContent()).toContain('4行目');
    expect(await issue.textContent()).toContain('「999.1.2.3」は IPv4・IPv6 アドレスとして正しくありません');
    expect(await page.getByTestId('import-issue').count()).toBe(1);
    await screenshot(page, 'intel-import-report');
    await page.getByTestId('import-close').click();
    await row.getByTestId('source-count').filter({ hasText: '3' }).waitFor();

    // Its indicators, from the source's count; then a search.
    await row.getByTestId('source-count').click();
    await page.waitForURL((u) => u.pathname === '/intel/indicators');
    await page.getByTestId('indicators-total').filter({ hasText: '全3件' }).waitFor();
    await page.getByTestId('indicators-search').fill('198.18.9');
    await page.getByTestId('indicators-total').filter({ hasText: '全2件' }).waitFor();
    expect((await page.getByTestId('indicator-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-value')))).sort()).toEqual(['198.18.9.0/28', '198.18.9.1']);
    await screenshot(page, 'intel-indicators');

    // Address lookup: the most specific prefix decides; a non-address is refused.
    await page.getByTestId('nav-intel-lookup').click();
    await page.getByTestId('lookup-address').fill('192.0.2.200');
    await page.getByTestId('lookup-submit').click();
    await page.getByTestId('lookup-found').getByText('みなと学芸大学（デモ）', { exact: false }).first().waitFor();
    expect(await page.getByTestId('lookup-prefix').textContent()).toBe('192.0.2.128/25');
    await page.getByTestId('lookup-address').fill('203.0.114.1');
    await page.getByTestId('lookup-submit').click();
    await page.getByTestId('lookup-not-found').waitFor();
    await page.getByTestId('lookup-address').fill('not-an-address');
    await page.getByTestId('lookup-submit').click();
    await page.getByTestId('error-alert').waitFor();

    // Network registry of さくら: a bad prefix is refused with a reason, a good one added and removed.
    const sakura = await e2e.server.deps.db.selectFrom('institutions').select('id').where('code', '=', 'sakura').executeTakeFirstOrThrow();
    await page.goto(`/institutions/${sakura.id}/networks`);
    await page.getByTestId('networks-table').waitFor();
    const before = await page.getByTestId('network-row').count();
    await page.getByTestId('network-value').fill('192.0.2.300/24');
    await page.getByTestId('network-add').click();
    await page.getByText('アドレス・プレフィックスとして正しくありません').waitFor();
    expect(await page.getByTestId('network-row').count()).toBe(before);
    await screenshot(page, 'intel-networks-invalid');
    await page.getByTestId('network-value').fill('2001:db8:101::/48');
    await page.getByTestId('network-note').fill('e2e 研究棟');
    await page.getByTestId('network-add').click();
    const added = page.locator('[data-testid="network-row"][data-value="2001:db8:101::/48"]');
    await added.waitFor();
    await added.getByTestId('network-remove').click();
    await page.getByTestId('confirm-button').click();
    await added.waitFor({ state: 'detached' });
    expect(await page.getByTestId('network-row').count()).toBe(before);

    // Disabling a source.
    await page.goto('/intel/sources');
    // A click, not uncheck(): the switch follows the server's answer, so its state changes a moment later.
    await row.getByRole('switch').click();
    await row.getByText('無効').waitFor();
    const stored = await e2e.server.deps.db.selectFrom('indicator_sources').select('disabled_at').where('name', '=', 'e2e テスト用ブロックリスト').executeTakeFirstOrThrow();
    expect(stored.disabled_at).not.toBeNull();
    await screenshot(page, 'intel-sources');
    await context.close();
  });
});
