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

const TITLE = '研究室 PC のランサムウェア感染';
const DESCRIPTION = '研究室の PC がランサムウェアに感染し、共有フォルダのファイルが暗号化された。攻撃元は 198.18.9.40 と見られる。';

describe('the originator after publication, in the browser', () => {
  it('さくら tightens the TLP, adds a 追記 through the review and withdraws; みなと cannot loosen it and then finds nothing', async () => {
    // A report of さくら, shared through the API as TLP:AMBER (the review itself is covered by sharing.e2e.test.ts).
    const sakura = await signInWithNewMfa(e2e, 'csirt@sakura-tech.example');
    const sApi = await apiAs(sakura.page);
    expect((await sApi.post('/incidents/reports', { subject: TITLE, description: DESCRIPTION, suspicion: false })).status()).toBe(201);
    const incident = ((await sApi.get('/incidents')).items as { id: string; title: string }[]).find((i) => i.title === TITLE)!;
    const draft = await sApi.post('/shared-reports', { incidentId: incident.id, tlp: 'AMBER', occurredAt: null });
    expect(draft.status()).toBe(201);
    const d = (await draft.json()) as { id: string; proposals: Record<string, unknown[]> };
    const all = (p: unknown[]) => ({ accepted: p.map(() => true), extra: [] });
    expect((await sApi.post(`/shared-reports/${d.id}/publish`, { title: all(d.proposals.title!), summary: all(d.proposals.summary!), body: all(d.proposals.body!) })).status()).toBe(200);
    const url = `/sharing/reports/${d.id}`;

    // The originator's page: a missing time of occurrence reads 不明; the actions and the (empty) history.
    await sakura.page.goto(url);
    await sakura.page.getByTestId('originator-actions').waitFor();
    expect(await sakura.page.getByTestId('report-occurred').textContent()).toBe('不明');
    await sakura.page.getByTestId('tlp-change').getByText('公開範囲を広げる（TLP を緩める）ことができるのは報告機関だけです。狭める（TLP を厳しくする）ことは運営機関も行えます。').waitFor();
    await sakura.page.getByTestId('report-history').getByText('公開後の変更はまだありません。').waitFor();

    // 1. Tighten AMBER → AMBER+STRICT with a reason (a too short one is refused first).
    await sakura.page.getByTestId('tlp-change-select').click();
    await sakura.page.getByRole('option', { name: 'TLP:AMBER+STRICT（狭める）' }).click();
    await sakura.page.getByTestId('tlp-change-reason').fill('短い');
    await sakura.page.getByTestId('tlp-change-submit').click();
    await sakura.page.getByText('理由を 5 文字以上で書いてください').waitFor();
    await sakura.page.getByTestId('tlp-change-reason').fill('暗号化の手口の詳細を機関の外に出さないため');
    await sakura.page.getByTestId('tlp-change-submit').click();
    await sakura.page.locator('[data-testid="shared-report"][data-tlp="AMBER+STRICT"]').waitFor();
    const tlpItem = sakura.page.locator('[data-testid="history-item"][data-kind="tlp"]');
    await tlpItem.getByText('公開範囲を TLP:AMBER から TLP:AMBER+STRICT に変更').waitFor();
    await tlpItem.getByText('理由: 暗号化の手口の詳細を機関の外に出さないため').waitFor();
    expect(await tlpItem.textContent()).toContain('報告機関');

    // 2. A 追記 through the same review: the name is proposed, the unit is added by selection.
    await sakura.page.getByTestId('addendum-input').fill('11月25日、情報処理推進室の春野が同じ攻撃元 198.18.9.40 からの通信を再び確認した。');
    await sakura.page.getByTestId('addendum-submit').click();
    const addText = sakura.page.getByTestId('addendum-review-text');
    await addText.locator('[data-testid="redaction-mark"][data-kind="person"][data-state="accepted"]', { hasText: '春野' }).waitFor();
    expect(await addText.locator('[data-testid="redaction-mark"]', { hasText: '198.18.9.40' }).count()).toBe(0);
    await selectText(sakura.page, 'addendum-review-text', '情報処理推進室');
    await sakura.page.getByTestId('selection-kind').click();
    await sakura.page.getByRole('option', { name: '機関名' }).click();
    await sakura.page.getByTestId('selection-add').click();
    await addText.locator('[data-testid="redaction-mark"][data-state="added"]', { hasText: '情報処理推進室' }).waitFor();
    expect(await sakura.page.getByTestId('addendum-review-preview').textContent()).toBe('11月25日、［機関名］の［氏名］が同じ攻撃元 198.18.9.40 からの通信を再び確認した。');
    await screenshot(sakura.page, 'sharing-addendum-review');
    await sakura.page.getByTestId('addendum-publish').click();
    await sakura.page.getByTestId('report-addenda').getByText('11月25日、［機関名］の［氏名］が同じ攻撃元 198.18.9.40 からの通信を再び確認した。').waitFor();
    await sakura.page.locator('[data-testid="history-item"][data-kind="addendum"]').waitFor();
    await screenshot(sakura.page, 'sharing-originator-actions');

    // 3. Another member's CSIRT reads it as AMBER+STRICT, with the addendum, and is offered no control over the label.
    const minato = await signInWithNewMfa(e2e, 'csirt@minato-u.example');
    await minato.page.goto(url);
    await minato.page.locator('[data-testid="shared-report"][data-tlp="AMBER+STRICT"]').waitFor();
    await minato.page.getByTestId('report-addenda').getByText('［機関名］の［氏名］が同じ攻撃元').waitFor();
    await minato.page.getByText('TLP:AMBER から TLP:AMBER+STRICT に変更').waitFor();
    for (const id of ['originator-actions', 'tlp-change', 'addendum', 'withdraw', 'report-history']) expect(await minato.page.getByTestId(id).count()).toBe(0);
    const seen = await minato.page.evaluate(() => document.body.innerText);
    for (const s of ['春野', '情報処理推進室', '暗号化の手口の詳細', 'さくら']) expect(seen).not.toContain(s);
    // … and the API refuses to loosen it, saying why.
    const mApi = await apiAs(minato.page);
    const loosen = await mApi.post(`/shared-reports/${d.id}/tlp`, { tlp: 'GREEN', reason: '広く注意を促したいため' });
    expect(loosen.status()).toBe(403);
    expect((await loosen.json()).detail).toMatch(/^公開範囲を広げる（TLP を緩める）ことができるのは報告機関だけです/);
    await screenshot(minato.page, 'sharing-member-after-changes');

    // 4. The originator withdraws, after a confirmation that says others will no longer see it.
    await sakura.page.getByTestId('withdraw-open').click();
    await sakura.page.getByTestId('withdraw-warning').getByText('他の参加機関と運営機関はこのレポートを閲覧できなくなります').waitFor();
    await sakura.page.getByTestId('withdraw-reason').fill('調査の結果、別件と判明したため');
    await screenshot(sakura.page, 'sharing-withdraw-confirm');
    await sakura.page.getByTestId('withdraw-submit').click();
    await sakura.page.getByTestId('report-withdrawn').waitFor();
    await sakura.page.locator('[data-testid="history-item"][data-kind="withdraw"]').getByText('理由: 調査の結果、別件と判明したため').waitFor();
    expect(await sakura.page.getByTestId('withdraw').count()).toBe(0);
    expect(await sakura.page.getByTestId('report-comments').count()).toBe(0);

    // The other member now gets the not-found page, as for a report that never existed.
    await minato.page.reload();
    await minato.page.getByTestId('report-not-found').getByText('共有レポートが見つかりません').waitFor();
    await screenshot(minato.page, 'sharing-withdrawn-member');

    await sakura.context.close();
    await minato.context.close();
  });
});
