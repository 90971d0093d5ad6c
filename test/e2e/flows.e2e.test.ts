import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/core/access.ts';
import * as flows from '../../src/server/modules/flows/service.ts';
import { type E2E, screenshot, signInWithNewMfa, startE2E } from './support/harness.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('flow alerts in the browser', () => {
  it('the operator confirms a non-urgent alert in review, and the institution’s CSIRT acknowledges it', async () => {
    const deps = e2e.server.deps;
    // A sighting the demo does not have: a さくら host reaching a malware-distribution site without an established session (urgency 中).
    const sakura = await deps.db.selectFrom('institutions').select('id').where('code', '=', 'sakura').executeTakeFirstOrThrow();
    const indicator = await deps.db.selectFrom('indicators').select('id').where('value', '=', '198.18.1.6').executeTakeFirstOrThrow();
    const now = Date.now();
    const ingested = await flows.ingestSightings(deps, [{
      institutionId: sakura.id, internalHost: '192.0.2.99', remoteAddress: '198.18.1.6', indicatorId: indicator.id, internalIsSource: true,
      proto: 6, srcPort: 51_234, dstPort: 8080, tcpFlags: 0x02, bytes: 180, packets: 3,
      start: new Date(now - 20 * 60_000).toISOString(), end: new Date(now - 19 * 60_000).toISOString(),
    }], SYSTEM_ACTOR);
    expect(ingested.sent).toEqual([]);
    const alertId = ingested.created[0]!;

    // The operator's review queue: the new alert with its urgency in Japanese, beside the demo ones.
    const op = await signInWithNewMfa(e2e, 'operator@soc.renkei.example');
    await op.page.getByTestId('nav-flows-review').click();
    await op.page.waitForURL((u) => u.pathname === '/flows/review');
    const row = op.page.locator('[data-testid="alert-row"][data-host="192.0.2.99"]');
    await row.waitFor();
    expect(await row.getByTestId('urgency-badge').textContent()).toBe('中');
    expect(await op.page.getByTestId('alert-row').count()).toBeGreaterThanOrEqual(4);
    await screenshot(op.page, 'flows-review-queue');

    // Filters narrow the queue; an empty result says so.
    await op.page.getByTestId('filter-urgency').click();
    await op.page.getByRole('option', { name: '緊急' }).click();
    await op.page.getByTestId('empty-state').waitFor();
    expect(await op.page.getByTestId('empty-state').textContent()).toContain('条件に合う確認待ちのアラートはありません');
    await op.page.getByRole('button', { name: '条件をクリア' }).click();
    await row.waitFor();

    // Detail: reasons in Japanese, then confirm with a note.
    await row.getByTestId('alert-link').click();
    await op.page.waitForURL((u) => u.pathname === `/flows/alerts/${alertId}`);
    await op.page.getByTestId('urgency-reasons').getByText('学内ホストから指標へ通信').waitFor();
    expect(await op.page.getByTestId('detail-category').textContent()).toBe('マルウェア配布');
    await op.page.getByTestId('review-confirm').click();
    await op.page.getByTestId('review-text').fill('通信先はマルウェア配布サイト。接続は確立していないが念のため通知');
    await op.page.getByTestId('review-submit').click();
    await op.page.locator('[data-testid="alert-detail"][data-status="received"]').waitFor();
    expect(await op.page.getByTestId('status-badge').first().textContent()).toBe('受信');
    await op.page.locator('[data-testid="timeline-item"][data-action="sent"]').getByText('通信先はマルウェア配布サイト', { exact: false }).waitFor();
    // The operator reads but does not respond for the institution.
    expect(await op.page.getByTestId('workflow-acknowledged').count()).toBe(0);
    await screenshot(op.page, 'flows-operator-detail');
    // And it left the queue.
    await op.page.goto('/flows/review');
    await op.page.getByTestId('alerts-table').waitFor();
    expect(await op.page.locator('[data-testid="alert-row"][data-host="192.0.2.99"]').count()).toBe(0);

    // Dismiss needs a reason; merge joins an alert to another of the same institution.
    await op.page.locator('[data-testid="alert-row"][data-host="203.0.113.44"]').getByTestId('alert-link').click();
    await op.page.getByTestId('review-dismiss').click();
    await op.page.getByTestId('review-submit').click();
    await op.page.getByText('却下の理由を入力してください').waitFor();
    await op.page.getByTestId('review-text').fill('大学が委託した脆弱性診断の通信と確認');
    await op.page.getByTestId('review-submit').click();
    await op.page.locator('[data-testid="alert-detail"][data-status="dismissed"]').waitFor();
    await op.page.getByText('大学が委託した脆弱性診断の通信と確認').first().waitFor();
    await op.page.goto('/flows/review');
    await op.page.locator('[data-testid="alert-row"][data-host="2001:db8:100::25"]').getByTestId('alert-link').click();
    await op.page.getByTestId('review-merge').click();
    await op.page.getByTestId('merge-into').click();
    await op.page.getByRole('option', { name: /^192\.0\.2\.20 / }).click();
    await op.page.getByTestId('review-submit').click();
    await op.page.locator('[data-testid="alert-detail"][data-status="merged"]').waitFor();
    await op.page.goto('/flows/review');
    await op.page.getByTestId('alerts-table').waitFor();
    expect(await op.page.getByTestId('alert-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-host')))).toEqual(['192.0.2.150']);

    await op.page.goto('/flows/dashboard');
    await op.page.getByTestId('metrics-table').waitFor();
    await screenshot(op.page, 'flows-dashboard');

    // Archived DNS logs: a みなと host asked for the demo C2 domain; one line has no query.
    const ts = (Date.now() / 1000 - 600).toFixed(6);
    const log = [
      '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tdns',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\tqclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\trejected',
      '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\tstring\tcount\tstring\tcount\tstring\tcount\tstring\tbool\tbool\tbool\tbool\tcount\tvector[string]\tvector[interval]\tbool',
      [ts, 'CdnsE2E1', '192.0.2.166', 53001, '192.0.2.53', 53, 'udp', 7, '0.010000', 'www.c2-sync.example', 1, 'C_INTERNET', 1, 'A', 0, 'NOERROR', 'F', 'F', 'T', 'T', 0, '198.18.0.10', '60.000000', 'F'].join('\t'),
      [ts, 'CdnsE2E2', '192.0.2.167', 53002, '192.0.2.53', 53, 'udp', 8, '-', '-', '-', '-', '-', '-', '-', '-', 'F', 'F', 'F', 'F', 0, '-', '-', 'F'].join('\t'),
      '',
    ].join('\n');
    await op.page.goto('/flows/alerts');
    await op.page.getByTestId('import-logs').click();
    await op.page.getByRole('dialog').locator('input[type="file"]').setInputFiles({ name: 'dns.log', mimeType: 'text/plain', buffer: Buffer.from(log) });
    await op.page.getByTestId('import-submit').click();
    await op.page.getByTestId('import-report').waitFor();
    expect(await op.page.getByTestId('import-sightings').textContent()).toBe('1');
    expect(await op.page.getByTestId('import-created').textContent()).toBe('1');
    expect(await op.page.getByTestId('import-malformed').textContent()).toBe('1');
    expect(await op.page.getByTestId('import-issues').textContent()).toContain('9 行目: 問い合わせ名がありません。この行を読み飛ばしました / no query name: skipped');
    await screenshot(op.page, 'flows-import-dns');
    await op.page.getByTestId('import-close').click();
    const dnsRow = op.page.locator('[data-testid="alert-row"][data-host="192.0.2.166"]');
    await dnsRow.getByTestId('alert-link').click();
    expect(await op.page.getByTestId('detail-dns-query').textContent()).toContain('www.c2-sync.example');
    expect(await op.page.getByTestId('detail-indicator').textContent()).toBe('c2-sync.example');
    await op.context.close();

    // さくら's CSIRT: the alert is in its list with a deadline, and it acknowledges it.
    const csirt = await signInWithNewMfa(e2e, 'csirt@sakura-tech.example');
    await csirt.page.getByTestId('nav-flows-own').click();
    await csirt.page.waitForURL((u) => u.pathname === '/flows/alerts');
    const own = csirt.page.locator('[data-testid="alert-row"][data-host="192.0.2.99"]');
    await own.waitFor();
    expect(await own.getByTestId('status-badge').textContent()).toBe('受信');
    // Another institution's alerts and alerts still in review are not shown.
    const hosts = await csirt.page.getByTestId('alert-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-host')));
    expect(hosts.sort()).toEqual(['192.0.2.20', '192.0.2.99']);
    await screenshot(csirt.page, 'flows-institution-list');
    await own.getByTestId('alert-link').click();
    await csirt.page.waitForURL((u) => u.pathname === `/flows/alerts/${alertId}`);
    await csirt.page.getByTestId('workflow').waitFor();
    await screenshot(csirt.page, 'flows-institution-detail');
    await csirt.page.getByTestId('workflow-acknowledged').click();
    await csirt.page.locator('[data-testid="alert-detail"][data-status="acknowledged"]').waitFor();
    expect(await csirt.page.getByTestId('status-badge').first().textContent()).toBe('受領確認');
    await csirt.page.locator('[data-testid="timeline-item"][data-action="status.acknowledged"]').waitFor();

    // "Mitigated" needs a record of what was done: refused in the page without one.
    await csirt.page.getByTestId('workflow-investigating').click();
    await csirt.page.locator('[data-testid="alert-detail"][data-status="investigating"]').waitFor();
    await csirt.page.getByTestId('workflow-mitigated').click();
    await csirt.page.getByText('行った対応を記録してください').waitFor();
    await screenshot(csirt.page, 'flows-institution-acknowledged');

    // The API, asked with the CSIRT's session, says the same.
    const res = await csirt.context.request.get(`/api/v1/flows/alerts/${alertId}`);
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { status: string; acknowledgedAt: string | null; next: string[]; timeline: { action: string }[] };
    expect(body.status).toBe('investigating');
    expect(body.acknowledgedAt).not.toBeNull();
    expect(body.next).toEqual(['mitigated', 'not_affected']);
    expect(body.timeline.map((e) => e.action)).toEqual(['detected', 'sent', 'status.acknowledged', 'status.investigating']);

    // The member's own figures beside the consortium's.
    await csirt.page.getByTestId('nav-flows-dashboard').click();
    await csirt.page.getByTestId('metric-acknowledge').waitFor();
    await screenshot(csirt.page, 'flows-institution-dashboard');
    await csirt.context.close();

    const stored = await deps.db.selectFrom('flow_alerts').selectAll().where('id', '=', alertId).executeTakeFirstOrThrow();
    expect(stored.status).toBe('investigating');
    expect(stored.sent_at).not.toBeNull();
    expect(stored.acknowledged_at).not.toBeNull();
  });

});
