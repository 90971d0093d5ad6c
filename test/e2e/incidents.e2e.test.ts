import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import * as incidents from '../../src/server/modules/incidents/service.ts';
import { DEMO_PASSWORD, type E2E, screenshot as fullShot, signInWithNewMfa, startE2E, submitSignIn } from './support/harness.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const STAFF_SUBJECT = '学生名簿を誤って学外のアドレスに送信しました';
const PUBLIC_SUBJECT = '貴学の公開Webページが改ざんされているようです';

/** A Mantine Select: open it, then pick the option by its visible name. */
async function pick(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
}

/** A full-page screenshot without the passing toasts (they would cover the right-hand column). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.addStyleTag({ content: '.mantine-Notifications-root { display: none !important; }' });
  await fullShot(page, name);
}

const row = (page: Page, title: string) => page.locator(`[data-testid="queue-row"][data-title="${title}"]`);

/** The さくら CSIRT's page and the incident it closed, for the sharing that follows. */
let sakuraCsirt: Page;
let closedIncidentId = '';

describe('incident handling in the browser', () => {
  it('a member and an outsider report, the CSIRT triages, handles and closes, the reporter follows the state', async () => {
    const deps = e2e.server.deps;

    // 1. A member of staff reports from the app: the short form, then the receipt and what happens next.
    const staffContext = await e2e.newContext();
    const staff = await staffContext.newPage();
    await submitSignIn(staff, 'staff@sakura-tech.example', DEMO_PASSWORD);
    await staff.waitForURL((u) => u.pathname === '/');
    expect(await staff.getByTestId('nav-incidents-queue').count()).toBe(0); // staff report; they do not handle
    await staff.getByTestId('nav-incidents-report').click();
    await staff.waitForURL((u) => u.pathname === '/incidents/report');
    await staff.getByTestId('report-subject').fill(STAFF_SUBJECT);
    await staff.getByTestId('report-occurred').fill('2026-11-24T09:10');
    await staff.getByTestId('report-where').fill('教務課の業務用メール（kyomu@sakura-tech.example）');
    await staff.getByTestId('report-description').fill('履修者名簿（1,200名分、氏名・学籍番号・成績）を添付したメールを、学外の同姓の方のアドレスに送ってしまいました。送信先には削除をお願いするメールを送りました。');
    await staff.getByTestId('report-contact').fill('内線 1234');
    await screenshot(staff, 'incidents-report-form');
    await staff.getByTestId('report-submit').click();
    const staffReceipt = (await staff.getByTestId('receipt-no').textContent()) ?? '';
    expect(staffReceipt).toMatch(/^R-\d{4}-\d{6}$/);
    await staff.getByText('このあとの流れ').waitFor();
    await screenshot(staff, 'incidents-report-receipt');

    // 2. An outsider, not signed in, uses the public report desk: institution picker, the form, a receipt number.
    const outsiderContext = await e2e.newContext();
    const outsider = await outsiderContext.newPage();
    await outsider.goto('/report');
    await pick(outsider, 'public-institution', 'さくら工科大学（デモ）');
    await outsider.getByTestId('public-subject').fill(PUBLIC_SUBJECT);
    await outsider.getByTestId('public-description').fill('本日 8 時ごろ、https://www.sakura-tech.example/news/ のトップに見慣れない文言と外部サイトへのリンクが表示されていました。');
    await outsider.getByTestId('public-name').fill('外部 太郎');
    await outsider.getByTestId('public-email').fill('taro@example.net');
    // The honeypot is in the form for bots, but off-screen and out of the tab order for people.
    const honeypot = outsider.locator('input[name="website"]');
    expect(await honeypot.getAttribute('tabindex')).toBe('-1');
    expect((await honeypot.boundingBox())!.x).toBeLessThan(-1000);
    await screenshot(outsider, 'incidents-public-form');
    await outsider.getByTestId('public-submit').click();
    const publicReceipt = (await outsider.getByTestId('public-receipt-no').textContent()) ?? '';
    expect(publicReceipt).toMatch(/^R-\d{4}-\d{6}$/);
    await screenshot(outsider, 'incidents-public-receipt');

    // 3. The CSIRT sees both in the queue (新規 first, by default), with receipt numbers.
    const { page: csirt } = await signInWithNewMfa(e2e, 'csirt@sakura-tech.example');
    // The demo may already hold cases of the category used below: the yearly report must count one more.
    const misdirectedBefore = ((await (await csirt.request.get('/api/v1/incidents/summary')).json()).byCategory as { category: string; count: number }[])
      .find((c) => c.category === 'misdirected_mail')!.count;
    await csirt.getByTestId('nav-incidents-queue').click();
    await csirt.waitForURL((u) => u.pathname === '/incidents');
    await row(csirt, STAFF_SUBJECT).waitFor();
    await row(csirt, PUBLIC_SUBJECT).waitFor();
    expect(await row(csirt, STAFF_SUBJECT).textContent()).toContain(staffReceipt);
    expect(await row(csirt, PUBLIC_SUBJECT).textContent()).toContain(publicReceipt);
    expect(await row(csirt, PUBLIC_SUBJECT).textContent()).toContain('外部フォーム');
    // The outsider's report has been waiting eight days and involves special-care data: its deadlines are past (set up through the service).
    const csirtUser = await deps.db.selectFrom('users').select(['id', 'institution_id']).where('email', '=', 'csirt@sakura-tech.example').executeTakeFirstOrThrow();
    const actor: Actor = { kind: 'user', userId: csirtUser.id, institutionId: csirtUser.institution_id, institutionKind: 'member', roles: ['csirt'], label: 'csirt@sakura-tech.example', ip: null };
    const publicId = (await incidents.listIncidents(deps, actor, {})).find((i) => i.title === PUBLIC_SUBJECT)!.id;
    await incidents.updateIncident(deps, actor, publicId, {
      awareAt: new Date(Date.now() - 8 * 86_400_000).toISOString(), isIncident: true, category: 'web_defacement', severity: 'high',
      personalData: { involved: true, count: 3, kinds: ['sensitive'] },
    });
    await csirt.reload();
    await row(csirt, PUBLIC_SUBJECT).waitFor();
    expect(await row(csirt, PUBLIC_SUBJECT).getAttribute('data-overdue')).toBe('1');
    expect(await row(csirt, PUBLIC_SUBJECT).getByTestId('overdue-marker').textContent()).toMatch(/期限超過 \d件/);
    await screenshot(csirt, 'incidents-queue');
    // Filters narrow the queue; an empty result says so.
    await pick(csirt, 'queue-category', 'DoS攻撃');
    expect(await csirt.getByTestId('empty-state').textContent()).toContain('条件に合うインシデントはありません');
    await csirt.getByRole('button', { name: '条件をクリア' }).click();
    await csirt.getByTestId('queue-search').fill(staffReceipt.slice(-6));
    await row(csirt, STAFF_SUBJECT).waitFor();
    await expect.poll(() => csirt.getByTestId('queue-row').count()).toBe(1);
    // The overdue one, red on its page.
    await csirt.getByTestId('queue-search').fill('');
    await row(csirt, PUBLIC_SUBJECT).waitFor();
    await row(csirt, PUBLIC_SUBJECT).getByTestId('queue-link').click();
    await csirt.locator('[data-testid="obligation"][data-kind="ppc_preliminary"][data-overdue="1"]').waitFor();
    await screenshot(csirt, 'incidents-overdue');

    // 4. The staff member's report: new → triage, then the triage decision with personal data (1,200 people: PPC deadlines).
    await csirt.goto('/incidents');
    await row(csirt, STAFF_SUBJECT).getByTestId('queue-link').click();
    const page = csirt;
    sakuraCsirt = csirt;
    const incidentId = page.url().split('/').pop()!;
    closedIncidentId = incidentId;
    await page.locator('[data-testid="incident-page"][data-status="new"]').waitFor();
    expect(await page.getByTestId('share-with-consortium').count()).toBe(0); // not before handling
    await page.getByTestId('status-next').click();
    await page.getByTestId('status-note').fill('CSIRT 春野が受付。教務課に状況を確認');
    await page.getByTestId('status-confirm').click();
    await page.locator('[data-testid="incident-page"][data-status="triage"]').waitFor();
    // Handling needs the triage decision first.
    expect(await page.getByTestId('status-next').isDisabled()).toBe(true);
    await page.getByTestId('triage-decision').getByText('インシデントである').click();
    await pick(page, 'triage-category', 'メール誤送信');
    await pick(page, 'triage-severity', '高');
    await page.getByTestId('asset-add').click();
    await page.getByTestId('asset-name').fill('履修者名簿（Excel）');
    await pick(page, 'asset-confidentiality', '3');
    await page.getByTestId('personal-involved').check();
    await page.getByTestId('personal-count').fill('1200');
    await page.getByTestId('personal-kind-student_records').check();
    await page.getByTestId('personal-kind-general').check();
    await page.getByTestId('triage-save').click();
    await page.getByTestId('ppc-cases').getByText('第4号', { exact: false }).waitFor();
    const ppc = page.locator('[data-testid="obligation"][data-kind="ppc_preliminary"]');
    await ppc.waitFor();
    expect(await ppc.textContent()).toContain('個人情報保護委員会への速報');
    expect(await ppc.textContent()).toContain('施行規則第7条第4号');
    expect(await page.locator('[data-testid="obligation"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(
      expect.arrayContaining(['ppc_preliminary', 'ppc_final', 'mext', 'ciso']),
    );
    await screenshot(page, 'incidents-triage');

    // 5. Handling: timeline entry, a task with an owner and due date, an evidence file, the PPC preliminary report recorded.
    await page.getByTestId('status-next').click();
    await page.getByTestId('status-confirm').click();
    await page.locator('[data-testid="incident-page"][data-status="handling"]').waitFor();
    expect(await page.getByTestId('share-with-consortium').getAttribute('href')).toBe(`/sharing/new?incident=${incidentId}`);
    await page.getByTestId('tab-timeline').click();
    await pick(page, 'timeline-kind', '封じ込め');
    await page.getByTestId('timeline-text').fill('送信先の方に電話で削除を依頼し、削除したとの回答を得た');
    await page.getByTestId('timeline-add').click();
    await page.locator('[data-testid="timeline-item"][data-kind="containment"]').getByText('削除したとの回答を得た', { exact: false }).waitFor();

    await page.getByTestId('tab-tasks').click();
    await pick(page, 'task-phase', '復旧');
    await page.getByTestId('task-title').fill('対象学生への説明とお詫びの連絡');
    await pick(page, 'task-owner', '八重 教職員');
    await page.getByTestId('task-due').fill('2026-12-04');
    await page.getByTestId('task-add').click();
    const task = page.locator('[data-testid="task-row"][data-title="対象学生への説明とお詫びの連絡"]');
    await task.waitFor();
    expect(await task.textContent()).toContain('八重 教職員');
    expect(await task.textContent()).toContain('2026/12/04');

    await page.getByTestId('tab-evidence').click();
    const log = 'Received: from mail.sakura-tech.example\nSubject: 履修者名簿\nTo: someone@example.org\n';
    await page.locator('input[type="file"]').setInputFiles({ name: 'sent-mail-header.txt', mimeType: 'text/plain', buffer: Buffer.from(log) });
    await page.getByTestId('evidence-note').fill('誤送信したメールのヘッダー');
    await page.getByTestId('evidence-upload').click();
    const evidence = page.locator('[data-testid="evidence-row"][data-filename="sent-mail-header.txt"]');
    await evidence.waitFor();
    const href = (await evidence.getByTestId('evidence-download').getAttribute('href'))!;
    const downloaded = await page.context().request.get(href);
    expect(downloaded.status()).toBe(200);
    expect(await downloaded.text()).toBe(log);

    await ppc.getByTestId('obligation-mark').click();
    await page.getByTestId('obligation-note').fill('個人情報保護委員会の報告フォームから提出');
    await page.getByTestId('obligation-save').click();
    await ppc.getByTestId('obligation-done').waitFor();
    expect(await ppc.getAttribute('data-done')).toBe('1');
    await screenshot(page, 'incidents-handling');

    // 6. Recovery, then 完了: the closed incident is read-only.
    await page.getByTestId('tab-tasks').click();
    await task.getByTestId('task-done').click();
    await page.locator('[data-testid="task-row"][data-status="done"]').waitFor();
    await page.getByTestId('status-next').click();
    await page.getByTestId('status-confirm').click();
    await page.locator('[data-testid="incident-page"][data-status="recovery"]').waitFor();
    await page.getByTestId('status-next').click();
    await page.getByTestId('status-note').fill('対象学生への連絡を終え、再発防止策を周知');
    await page.getByTestId('status-confirm').click();
    await page.locator('[data-testid="incident-page"][data-status="closed"]').waitFor();
    await page.getByTestId('closed-notice').waitFor();
    expect(await page.getByTestId('status-next').count()).toBe(0);
    expect(await page.getByTestId('share-with-consortium').count()).toBe(1);
    await page.getByTestId('tab-triage').click();
    expect(await page.getByTestId('triage-save').count()).toBe(0);
    expect(await page.getByTestId('personal-involved').isDisabled()).toBe(true);
    await page.getByTestId('tab-timeline').click();
    expect(await page.getByTestId('timeline-add').count()).toBe(0);
    await page.getByText('状態: 復旧 → 完了', { exact: false }).waitFor();
    await screenshot(page, 'incidents-timeline');
    await page.getByTestId('tab-evidence').click();
    expect(await page.getByTestId('evidence-upload').count()).toBe(0);
    await page.getByTestId('tab-learning').click();
    await page.getByTestId('learning-title').fill('名簿の添付送信は学内の共有フォルダーに切り替える');
    await page.getByTestId('learning-body').fill('宛先の自動補完で同姓の学外アドレスが選ばれた。名簿はメールに添付せず、アクセス権を付けた共有フォルダーで渡す。');
    await page.getByTestId('learning-add').click();
    await page.getByTestId('learning-item').waitFor();
    await screenshot(page, 'incidents-closed');

    // 7. The reporter sees the state in 自分の報告.
    await staff.getByTestId('nav-incidents-mine').click();
    await staff.waitForURL((u) => u.pathname === '/incidents/reports/mine');
    const mine = staff.locator(`[data-testid="my-report-row"][data-receipt="${staffReceipt}"]`);
    await mine.waitFor();
    expect(await mine.getAttribute('data-status')).toBe('closed');
    expect(await mine.getByTestId('status-badge').textContent()).toBe('完了');
    await screenshot(staff, 'incidents-my-reports');

    // 8. The yearly report counts it; lessons and near misses are listed.
    await page.getByTestId('nav-incidents-summary').click();
    await page.waitForURL((u) => u.pathname === '/incidents/summary');
    await page.locator('[data-testid="summary-categories"] [data-category="misdirected_mail"]').getByText(String(misdirectedBefore + 1), { exact: true }).waitFor();
    expect(await page.getByTestId('summary-pdf').getAttribute('href')).toMatch(/^\/api\/v1\/incidents\/summary\/report\.pdf\?fiscalYear=\d{4}$/);
    await screenshot(page, 'incidents-summary');
    await page.getByTestId('nav-incidents-learnings').click();
    await page.getByTestId('near-miss-new').click();
    await page.getByTestId('near-miss-title').fill('成績ファイルを別の学生に送りかけた');
    await page.getByTestId('near-miss-body').fill('送信前の確認画面で宛先の違いに気づいた。');
    await page.getByTestId('near-miss-save').click();
    await page.locator('[data-testid="learning-card"][data-kind="near_miss"]').filter({ hasText: '成績ファイルを別の学生に送りかけた' }).waitFor();
    await page.locator('[data-testid="learning-card"][data-kind="lesson"]').filter({ hasText: '名簿の添付送信は学内の共有フォルダーに切り替える' }).waitFor();

    // 9. The public form is rate-limited per address: after five reports within the hour, a clear message with the wait.
    for (let n = 0; n < 4; n++) {
      const res = await fetch(`${e2e.baseUrl}/api/v1/public/incident-reports`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ institutionCode: 'sakura', email: 'bulk@example.net', subject: `確認 ${n}`, description: '同じ接続元からの報告' }),
      });
      expect(res.status).toBe(201);
    }
    await outsider.getByRole('button', { name: '別の報告をする' }).click();
    await outsider.getByTestId('public-subject').fill('もう一件の報告');
    await outsider.getByTestId('public-description').fill('同じページの別の箇所も改ざんされています。');
    await outsider.getByTestId('public-submit').click();
    const limited = outsider.getByTestId('public-rate-limited');
    await limited.waitFor();
    expect(await limited.textContent()).toMatch(/約 \d+ 分後にもう一度お送りください/);
    await screenshot(outsider, 'incidents-public-rate-limited');

    // 10. Two of those reports are about the same thing: the CSIRT merges the duplicate, its report moves over.
    await page.goto('/incidents');
    await row(page, '確認 1').getByTestId('queue-link').click();
    await page.getByTestId('tab-learning').click();
    await pick(page, 'merge-into', /確認 0$/);
    await page.getByTestId('merge-submit').click();
    await page.getByTestId('confirm-button').click();
    await page.locator('[data-testid="incident-title"]', { hasText: '確認 0' }).waitFor();
    await expect.poll(() => page.getByTestId('incident-report').count()).toBe(2);
    await page.goto('/incidents');
    await row(page, '確認 0').waitFor();
    expect(await row(page, '確認 1').count()).toBe(0);
  });
  it('the closed incident is shared with the consortium without naming さくら; みなと finds it, asks, and さくら answers as 報告機関', async () => {
    const page = sakuraCsirt;
    await page.goto(`/incidents/${closedIncidentId}`);
    await page.getByTestId('share-with-consortium').click();
    await page.waitForURL((u) => u.pathname === '/sharing/new' && u.searchParams.get('incident') === closedIncidentId);
    expect(await page.getByTestId('share-title').inputValue()).toBe(STAFF_SUBJECT);
    await page.getByTestId('share-summary').fill('名簿を添付したメールを宛先の自動補完の誤りで学外に送信。送信先に削除を依頼し、再発防止に共有フォルダーでの受け渡しに切り替えた。');
    await page.getByTestId('share-submit').click();
    await page.waitForURL((u) => u.pathname.startsWith('/sharing/drafts/'));
    const reportId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByTestId('draft-review').waitFor();
    await page.getByTestId('publish-open').click();
    await page.getByTestId('confirm-button').click();
    await page.waitForURL((u) => u.pathname === `/sharing/reports/${reportId}`);
    await page.getByTestId('report-mine').waitFor();

    // Another member finds it by a Japanese word and reads it as a member university's report.
    const { page: minato } = await signInWithNewMfa(e2e, 'csirt@minato-u.example');
    await minato.getByTestId('nav-sharing-reports').click();
    await minato.getByTestId('report-search').fill('学生名簿');
    await minato.getByTestId('report-search-submit').click();
    await minato.locator(`[data-testid="report-hit"][data-id="${reportId}"]`).getByRole('link').first().click();
    await minato.waitForURL((u) => u.pathname === `/sharing/reports/${reportId}`);
    expect(await minato.getByTestId('report-originator').textContent()).toBe('報告機関: 参加機関');
    const seen = await minato.evaluate(() => document.body.innerText);
    for (const s of ['さくら', '春野', '八重', 'sakura']) expect(seen.toLowerCase()).not.toContain(s);
    await minato.getByTestId('comment-input').fill('当機関でも同じ設定の自動補完を使っています。共有フォルダーへの切り替えで困ったことはありましたか。');
    await minato.getByTestId('comment-submit').click();
    await minato.getByTestId('comment-review-panel').waitFor();
    await minato.getByTestId('comment-post').click();
    await minato.getByTestId('comment').filter({ hasText: '共有フォルダーへの切り替え' }).getByTestId('comment-by').getByText('参加機関').waitFor();

    // さくら reads the question from 参加機関 and answers as 報告機関.
    await page.reload();
    await page.getByTestId('comment').filter({ hasText: '共有フォルダーへの切り替え' }).waitFor();
    await page.getByTestId('comment-input').fill('学外の方との受け渡しには期限付きの共有リンクを使うよう手順に加えました。');
    await page.getByTestId('comment-submit').click();
    await page.getByTestId('comment-review-panel').waitFor();
    await page.getByTestId('comment-post').click();
    await minato.reload();
    await minato.getByTestId('comment').filter({ hasText: '期限付きの共有リンク' }).getByTestId('comment-by').getByText('報告機関').waitFor();
    await screenshot(minato, 'incidents-shared-member-view');
  });
});
