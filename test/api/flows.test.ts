/**
 * Flow alerts through the HTTP API on both engines: ingest, urgency, grouping, the operator's
 * review, the institution's workflow, escalation, metrics, research statistics, with real SMTP
 * and a real webhook receiver for what is sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/core/webhook-signature.ts';
import { OutboxWorker } from '../../src/server/platform/outbox/worker.ts';
import { describeEngines } from '../support/db.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';
import { multipart } from '../support/multipart.ts';
import { startSmtp } from '../support/smtp.ts';

/** A real HTTP endpoint for the institution's webhook. */
async function startReceiver() {
  const sink = { requests: [] as { headers: http.IncomingHttpHeaders; body: string }[], url: '', close: () => Promise.resolve() };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      sink.requests.push({ headers: req.headers, body });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/renkei-hook`;
  sink.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return sink;
}

const T0 = new Date('2026-11-24T03:00:00Z'); // 12:00 JST
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describeEngines('flow alerts', (engine) => {
  let h: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  let hookSecret: string;
  let operator: Client;
  let sakura: Client;
  let minato: Client;
  let staff: Client;
  const ids: Record<'renkei-soc' | 'sakura' | 'minato' | 'aoba' | 'hibari', string> = { 'renkei-soc': '', sakura: '', minato: '', aoba: '', hibari: '' };
  const ind: Record<'198.18.0.1' | '198.18.0.2' | '198.18.5.5' | '198.18.7.7', string> = { '198.18.0.1': '', '198.18.0.2': '', '198.18.5.5': '', '198.18.7.7': '' };
  const alerts = { urgent: '', scan: '', phish: '', split: '', minatoScan: '', minato: '', hibari: '', aoba: '' };

  const login = async () => {
    operator = await signIn(h.app, 'admin@soc.renkei.example', DEMO_PASSWORD);
    sakura = await signIn(h.app, 'admin@sakura-tech.example', DEMO_PASSWORD);
    minato = await signIn(h.app, 'admin@minato-u.example', DEMO_PASSWORD);
    staff = await signIn(h.app, 'staff@sakura-tech.example', DEMO_PASSWORD);
  };
  const sighting = (p: Json = {}) => ({
    institutionId: ids.sakura, internalHost: '192.0.2.10', remoteAddress: '198.18.0.1', indicatorId: ind['198.18.0.1'], internalIsSource: true,
    proto: 6, srcPort: 50123, dstPort: 443, tcpFlags: 0x18, bytes: 5_000, packets: 20, start: iso(h.clock.now.getTime() - 10 * MIN), end: iso(h.clock.now.getTime() - 5 * MIN), ...p,
  });
  const ingest = (sightings: unknown[]) => operator.request('POST', '/api/v1/flows/sightings', { sightings });
  const get = async (c: Client, url: string) => (await c.request('GET', url)).json() as Json;
  const status = async (id: string) => (await h.deps.db.selectFrom('flow_alerts').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const outbox = (event: string, alertId: string) =>
    h.deps.db.selectFrom('outbox').selectAll().where('event_type', '=', event).where('payload', 'like', `%${alertId}%`).execute();
  const recipients = async (event: string, alertId: string) =>
    (await outbox(event, alertId)).filter((r) => r.channel === 'email').map((r) => (JSON.parse(r.payload) as { to: string }).to).sort();
  const audit = async (action: string) => h.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();
  const counts = async () => ({
    alerts: Number((await h.deps.db.selectFrom('flow_alerts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    events: Number((await h.deps.db.selectFrom('flow_alert_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    outbox: Number((await h.deps.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    audit: Number((await h.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  });

  beforeAll(async () => {
    [smtp, hook] = await Promise.all([startSmtp(), startReceiver()]);
    h = await createTestApp(engine, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) });
    h.clock.now = new Date(T0);
    for (const i of await h.deps.db.selectFrom('institutions').select(['id', 'code']).execute()) ids[i.code as keyof typeof ids] = i.id;
    await login();

    // Indicators through the intelligence service: one source per category.
    for (const [name, category, confidence, list] of [
      ['C2 フィード', 'c2', 90, '198.18.0.1\n198.18.0.2\n'], ['スキャナ観測', 'scanner', 60, '198.18.5.5\n'], ['フィッシング', 'phishing', 70, '198.18.7.7\n'],
    ] as const) {
      const src = (await operator.request('POST', '/api/v1/intel/sources', { name, defaultCategory: category, defaultConfidence: confidence })).json().id as string;
      const m = multipart('list.txt', list);
      const imported = await h.app.inject({ method: 'POST', url: `/api/v1/intel/sources/${src}/import`, payload: m.payload, headers: { ...m.headers, cookie: operator.cookie, 'x-csrf-token': operator.csrf } });
      expect(imported.statusCode).toBe(200);
      for (const i of (await get(operator, `/api/v1/intel/indicators?sourceId=${src}`)).items) ind[i.value as keyof typeof ind] = i.id;
    }

    const created = await sakura.request('POST', `/api/v1/institutions/${ids.sakura}/webhooks`, { url: hook.url, eventTypes: ['flows.alert', 'flows.escalation'] });
    expect(created.statusCode).toBe(201);
    hookSecret = created.json().secret;
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([smtp?.close(), hook?.close()]);
  });

  it('sends urgent alerts at once (e-mail to the CSIRT, signed webhook) and keeps the rest for review', async () => {
    const res = await ingest([
      sighting(), // C2, outbound, established: urgent
      sighting({ internalHost: '192.0.2.11', remoteAddress: '198.18.5.5', indicatorId: ind['198.18.5.5'], internalIsSource: false, srcPort: 41000, dstPort: 22, tcpFlags: 0x02, packets: 1, bytes: 60 }),
      sighting({ internalHost: '192.0.2.12', remoteAddress: '198.18.7.7', indicatorId: ind['198.18.7.7'] }), // phishing: high
    ]);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ sightings: 3, updated: [] });
    expect(r.created).toHaveLength(3);
    expect(r.sent).toHaveLength(1);
    const queue = (await get(operator, '/api/v1/flows/review')).items as Json[];
    alerts.urgent = r.sent[0];
    alerts.scan = queue.find((a) => a.internalHost === '192.0.2.11')!.id;
    alerts.phish = queue.find((a) => a.internalHost === '192.0.2.12')!.id;
    expect(queue.map((a) => [a.urgency, a.status])).toEqual([['high', 'review'], ['low', 'review']]);

    const urgent = await get(operator, `/api/v1/flows/alerts/${alerts.urgent}`);
    expect(urgent).toMatchObject({ status: 'received', urgency: 'urgent', sentAt: T0.toISOString(), ackDeadline: iso(T0.getTime() + 60 * MIN), next: ['acknowledged'] });
    expect(urgent.reasons.map((x: Json) => x.key)).toEqual(['category.c2', 'direction.outbound', 'connection.established']);
    expect(urgent.timeline.map((e: Json) => e.action)).toEqual(['detected', 'sent']);

    // The CSIRT role holders of the institution (the coordinator also holds it), nobody else; nothing for the alerts in review.
    expect(await recipients('flows.alert', alerts.urgent)).toEqual(['coordinator@sakura-tech.example', 'csirt@sakura-tech.example']);
    expect((await outbox('flows.alert', alerts.urgent)).filter((o) => o.channel === 'webhook')).toHaveLength(1);
    expect(await outbox('flows.alert', alerts.scan)).toEqual([]);
    expect(await outbox('flows.alert', alerts.phish)).toEqual([]);

    // Delivered for real: SMTP and the signed webhook.
    const report = await new OutboxWorker(h.deps).runOnce();
    expect(report.failed + report.dead).toBe(0);
    const mailIds = (await outbox('flows.alert', alerts.urgent)).filter((o) => o.channel === 'email').map((o) => o.id);
    const mails = smtp.mails.filter((m) => mailIds.some((id) => m.raw.includes(`Message-ID: <${id}@renkei.outbox>`)));
    expect(smtp.mails).toHaveLength(2);
    expect(mails.flatMap((m) => m.to).sort()).toEqual(['coordinator@sakura-tech.example', 'csirt@sakura-tech.example']);
    const text = Buffer.from(mails[0]!.raw.split('\r\n\r\n')[1]!.replace(/\s+/g, ''), 'base64').toString('utf8');
    expect(text).toContain('学内ホスト: 192.0.2.10\n指標: 198.18.0.1（c2、確度 90）\n緊急度: 緊急（スコア 73）');
    expect(text).toContain(`http://renkei.test/flows/alerts/${alerts.urgent}`);
    expect(hook.requests).toHaveLength(1);
    const { headers, body } = hook.requests[0]!;
    expect(headers['x-renkei-event']).toBe('flows.alert');
    expect(verifyWebhook(hookSecret, Number(headers['x-renkei-timestamp']), body, String(headers['x-renkei-signature']), Math.floor(h.clock.now.getTime() / 1000))).toBe(true);
    expect(JSON.parse(body).data).toMatchObject({ alertId: alerts.urgent, internalHost: '192.0.2.10', urgency: 'urgent', indicator: { value: '198.18.0.1', category: 'c2' } });
  });

  it('keeps a long connection split into consecutive flows as one alert, across ingest calls', async () => {
    const t = h.clock.now.getTime();
    const flow = (i: number) => sighting({ internalHost: '192.0.2.13', remoteAddress: '198.18.7.7', indicatorId: ind['198.18.7.7'], start: iso(t - (30 - 10 * i) * MIN), end: iso(t - (20 - 10 * i) * MIN) });
    const first = (await ingest([flow(0), flow(1)])).json();
    expect(first.created).toHaveLength(1);
    const second = (await ingest([flow(2)])).json();
    expect(second).toMatchObject({ created: [], updated: first.created, sent: [] });
    alerts.split = first.created[0];
    expect(await get(operator, `/api/v1/flows/alerts/${alerts.split}`)).toMatchObject({ sightings: 3, firstSeen: iso(t - 30 * MIN), lastSeen: iso(t), status: 'review' });
  });

  it('lets the operator dismiss (with a reason), merge within one institution and confirm', async () => {
    const before = await counts();
    const noReason = await operator.request('POST', `/api/v1/flows/alerts/${alerts.scan}/dismiss`, { reason: '   ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.headers['content-type']).toContain('application/problem+json');
    expect(noReason.json().errors[0].message).toBe('却下の理由を入力してください');
    expect(await counts()).toEqual(before);

    expect((await operator.request('POST', `/api/v1/flows/alerts/${alerts.scan}/dismiss`, { reason: '学内で実施した脆弱性診断の通信' })).json()).toEqual({ id: alerts.scan, status: 'dismissed' });
    const again = await operator.request('POST', `/api/v1/flows/alerts/${alerts.scan}/confirm`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('確認待ちではありません（現在: 却下）');

    // A minato alert in review: merging across institutions is refused and changes nothing.
    const m = (await ingest([sighting({ institutionId: ids.minato, internalHost: '192.0.2.200', remoteAddress: '198.18.5.5', indicatorId: ind['198.18.5.5'], internalIsSource: false, srcPort: 41000, dstPort: 22, tcpFlags: 0x02, packets: 1, bytes: 60 })])).json();
    alerts.minatoScan = m.created[0];
    const across = await operator.request('POST', `/api/v1/flows/alerts/${alerts.split}/merge`, { into: alerts.minatoScan });
    expect(across.statusCode).toBe(409);
    expect(across.json().detail).toContain('別の機関のアラートには統合できません');
    expect([await status(alerts.split), await status(alerts.minatoScan)]).toEqual(['review', 'review']);
    expect((await operator.request('POST', `/api/v1/flows/alerts/${alerts.split}/merge`, { into: alerts.split })).statusCode).toBe(400);
    expect((await operator.request('POST', `/api/v1/flows/alerts/${alerts.split}/merge`, { into: 'no-such-alert' })).statusCode).toBe(404);

    const merged = await operator.request('POST', `/api/v1/flows/alerts/${alerts.split}/merge`, { into: alerts.phish, note: '同じフィッシングサイトへの別ホストからの通信' });
    expect(merged.json()).toEqual({ id: alerts.split, status: 'merged', mergedInto: alerts.phish });
    expect(await get(operator, `/api/v1/flows/alerts/${alerts.phish}`)).toMatchObject({ sightings: 4, status: 'review' });

    const confirmed = await operator.request('POST', `/api/v1/flows/alerts/${alerts.phish}/confirm`, { note: 'フィッシングサイトへの接続を確認' });
    expect(confirmed.json()).toMatchObject({ id: alerts.phish, status: 'received', ackDeadline: iso(h.clock.now.getTime() + 4 * 60 * MIN) });
    expect(await recipients('flows.alert', alerts.phish)).toEqual(['coordinator@sakura-tech.example', 'csirt@sakura-tech.example']);

    // The member sees sent alerts only: not those in review, dismissed or merged.
    const mine = (await get(sakura, '/api/v1/flows/alerts')).items.map((a: Json) => a.id).sort();
    expect(mine).toEqual([alerts.urgent, alerts.phish].sort());
    for (const hidden of [alerts.scan, alerts.split]) expect((await sakura.request('GET', `/api/v1/flows/alerts/${hidden}`)).statusCode).toBe(404);
    expect((await get(sakura, '/api/v1/flows/alerts?status=review')).total).toBe(0);
    expect((await get(sakura, `/api/v1/flows/alerts?institutionId=${ids.minato}`)).items.map((a: Json) => a.id).sort()).toEqual(mine);
    expect((await get(sakura, `/api/v1/flows/alerts/${alerts.phish}`)).dismissReason).toBeUndefined();
  });

  it('moves an alert through the institution’s states in order only, with a note where needed', async () => {
    const id = alerts.urgent;
    const before = await counts();
    const skip = await sakura.request('POST', `/api/v1/flows/alerts/${id}/status`, { status: 'closed' });
    expect(skip.statusCode).toBe(409);
    expect(skip.headers['content-type']).toContain('application/problem+json');
    expect(skip.json().detail).toMatch(/^「受信」から「完了」へは進められません。次に選べるのは: 「受領確認」\(acknowledged\)/);
    expect(await status(id)).toBe('received');
    expect(await counts()).toEqual(before);

    expect((await sakura.request('POST', `/api/v1/flows/alerts/${id}/status`, { status: 'acknowledged' })).json()).toEqual({ id, status: 'acknowledged', next: ['investigating'] });
    expect((await sakura.request('POST', `/api/v1/flows/alerts/${id}/status`, { status: 'investigating', note: 'ホストの管理者に連絡' })).statusCode).toBe(200);
    const noNote = await sakura.request('POST', `/api/v1/flows/alerts/${id}/status`, { status: 'mitigated', note: ' ' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().detail).toBe('「対処済み」にするには、行った対応を記録してください');
    expect(await status(id)).toBe('investigating');
    expect((await sakura.request('POST', `/api/v1/flows/alerts/${id}/status`, { status: 'mitigated', note: '端末を隔離し、OS を再インストールした' })).statusCode).toBe(200);
    expect((await sakura.request('POST', `/api/v1/flows/alerts/${id}/status`, { status: 'closed' })).json()).toEqual({ id, status: 'closed', next: [] });
    const reopen = await sakura.request('POST', `/api/v1/flows/alerts/${id}/status`, { status: 'acknowledged' });
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().detail).toContain('このアラートは完了しています');

    const detail = await get(sakura, `/api/v1/flows/alerts/${id}`);
    expect(detail).toMatchObject({ status: 'closed', acknowledgedAt: h.clock.now.toISOString(), closedAt: h.clock.now.toISOString() });
    expect(detail.timeline.filter((e: Json) => e.action.startsWith('status.')).map((e: Json) => [e.action, e.note])).toEqual([
      ['status.acknowledged', null], ['status.investigating', 'ホストの管理者に連絡'], ['status.mitigated', '端末を隔離し、OS を再インストールした'], ['status.closed', null],
    ]);
  });

  it('starts a new alert when the host is seen again after the institution reported it handled', async () => {
    const id = alerts.phish;
    for (const [to, note] of [['acknowledged'], ['investigating'], ['not_affected', '接続はブロック済みで、認証情報の入力はなかった']] as const) {
      expect((await sakura.request('POST', `/api/v1/flows/alerts/${id}/status`, { status: to, note })).statusCode).toBe(200);
    }
    const again = (await ingest([sighting({ internalHost: '192.0.2.12', remoteAddress: '198.18.7.7', indicatorId: ind['198.18.7.7'] })])).json();
    expect(again.updated).toEqual([]);
    expect(again.created).toHaveLength(1);
    expect(await status(id)).toBe('not_affected');
    expect(await status(again.created[0])).toBe('review');
  });

  it('keeps each institution to its own alerts (404, not 403) and keeps the operator and staff out of the response', async () => {
    const id = alerts.phish;
    const before = await counts();
    // Another member: as if the alert did not exist.
    expect((await minato.request('GET', `/api/v1/flows/alerts/${id}`)).statusCode).toBe(404);
    const foreign = await minato.request('POST', `/api/v1/flows/alerts/${id}/status`, { status: 'closed' });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().detail).toBe('アラートが見つかりません / Alert not found');
    expect((await get(minato, '/api/v1/flows/alerts')).items.map((a: Json) => a.id)).not.toContain(id);
    // The minato alert is still in review: minato does not see it either.
    expect((await minato.request('GET', `/api/v1/flows/alerts/${alerts.minatoScan}`)).statusCode).toBe(404);

    // The operator reads everything but does not respond on the institution's behalf.
    const onBehalf = await operator.request('POST', `/api/v1/flows/alerts/${id}/status`, { status: 'closed' });
    expect(onBehalf.statusCode).toBe(403);
    expect(onBehalf.json().detail).toMatch(/^この操作を行う権限がありません/);

    // Staff of the institution: no alerts at all.
    expect((await staff.request('GET', '/api/v1/flows/alerts')).statusCode).toBe(403);
    expect((await staff.request('GET', `/api/v1/flows/alerts/${id}`)).statusCode).toBe(404);
    expect((await staff.request('POST', `/api/v1/flows/alerts/${id}/status`, { status: 'closed' })).statusCode).toBe(404);
    expect((await staff.request('GET', '/api/v1/flows/metrics')).statusCode).toBe(403);

    // Members do not review, ingest or escalate.
    expect((await sakura.request('GET', '/api/v1/flows/review')).statusCode).toBe(403);
    expect((await sakura.request('POST', `/api/v1/flows/alerts/${alerts.scan}/confirm`, {})).statusCode).toBe(403);
    expect((await sakura.request('POST', '/api/v1/flows/sightings', { sightings: [sighting()] })).statusCode).toBe(403);
    expect((await sakura.request('POST', '/api/v1/flows/escalations/run')).statusCode).toBe(403);
    expect(await status(id)).toBe('not_affected');
    expect(await counts()).toEqual(before);
  });

  it('shows a member its own figures, and consortium medians only once three institutions contribute', async () => {
    const few = await get(sakura, '/api/v1/flows/metrics');
    expect(few.scope).toBe('institution');
    expect(few.own.acknowledge.count).toBe(2);
    expect(few.consortium.notify).toEqual({ medianMinutes: null, available: false });

    for (const [code, host] of [['minato', '192.0.2.201'], ['hibari', '203.0.113.5'], ['aoba', '198.51.100.7']] as const) {
      const r = (await ingest([sighting({ institutionId: ids[code], internalHost: host })])).json();
      expect(r.sent).toHaveLength(1);
      alerts[code] = r.sent[0];
    }
    const enough = await get(sakura, '/api/v1/flows/metrics');
    expect(enough.consortium.notify).toEqual({ medianMinutes: 0, available: true });
    // Only sakura has acknowledged anything: no consortium median for that yet.
    expect(enough.consortium.acknowledge).toEqual({ medianMinutes: null, available: false });
    const text = JSON.stringify(enough);
    for (const code of ['minato', 'hibari', 'aoba', 'renkei-soc'] as const) expect(text).not.toContain(ids[code]);

    const all = await get(operator, '/api/v1/flows/metrics');
    expect(all.scope).toBe('consortium');
    expect(all.institutions.map((i: Json) => i.code).sort()).toEqual(['aoba', 'hibari', 'minato', 'sakura']);
  });

  it('escalates an alert not acknowledged by its deadline once, to the CISO and coordinator', async () => {
    expect((await sakura.request('POST', '/api/v1/flows/alerts/' + alerts.minato + '/status', { status: 'acknowledged' })).statusCode).toBe(404);
    const minatoAdmin = minato;
    expect((await minatoAdmin.request('POST', `/api/v1/flows/alerts/${alerts.minato}/status`, { status: 'acknowledged' })).statusCode).toBe(200);

    // Not yet due.
    expect((await operator.request('POST', '/api/v1/flows/escalations/run')).json()).toEqual({ escalated: [] });
    h.clock.advanceMinutes(61);
    await login(); // sessions idle out after 60 minutes
    const run = (await operator.request('POST', '/api/v1/flows/escalations/run')).json();
    // minato acknowledged in time; hibari and aoba did not.
    expect(run.escalated.sort()).toEqual([alerts.hibari, alerts.aoba].sort());
    expect(await recipients('flows.escalation', alerts.aoba)).toEqual(['ciso@aoba-intl.example', 'coordinator@aoba-intl.example']);
    expect((await get(operator, `/api/v1/flows/alerts/${alerts.aoba}`)).escalatedAt).toBe(h.clock.now.toISOString());
    h.clock.advanceMinutes(5);
    expect((await operator.request('POST', '/api/v1/flows/escalations/run')).json()).toEqual({ escalated: [] });
    expect(await recipients('flows.escalation', alerts.aoba)).toHaveLength(2);
  });

  it('refuses bad sightings with a clear 400 and writes nothing', async () => {
    const before = await counts();
    const now = h.clock.now.getTime();
    const cases: [string, unknown[], string][] = [
      ['unknown institution', [sighting({ institutionId: 'no-such-institution' })], 'body.sightings.0.institutionId'],
      ['the operator is no member', [sighting({ institutionId: ids['renkei-soc'] })], 'body.sightings.0.institutionId'],
      ['unknown indicator', [sighting(), sighting({ indicatorId: 'no-such-indicator' })], 'body.sightings.1.indicatorId'],
      ['not a time', [sighting({ start: 'yesterday' })], 'body.sightings.0.start'],
      ['end before start', [sighting({ start: iso(now - MIN), end: iso(now - 2 * MIN) })], 'body.sightings.0.end'],
      ['in the future', [sighting({ start: iso(now + 2 * 3600_000), end: iso(now + 2 * 3600_000) })], 'body.sightings.0.end'],
      ['host is no address', [sighting({ internalHost: 'printer.sakura-tech.example' })], 'body.sightings.0.internalHost'],
      ['host outside every registered prefix', [sighting({ internalHost: '10.1.2.3' })], 'body.sightings.0.internalHost'],
      ['host in another member’s prefix', [sighting(), sighting({ internalHost: '192.0.2.200' })], 'body.sightings.1.internalHost'],
      ['port out of range', [sighting({ dstPort: 70000 })], 'body.sightings.0.dstPort'],
      ['empty', [], 'body.sightings'],
      ['too many', Array.from({ length: 10_001 }, () => sighting()), 'body.sightings'],
    ];
    for (const [name, sightings, path] of cases) {
      const res = await ingest(sightings);
      expect(res.statusCode, name).toBe(400);
      expect(res.headers['content-type'], name).toContain('application/problem+json');
      expect(res.json().detail, name).toMatch(/^[^\x00-\x7f]/); // Japanese first
      expect(res.json().errors.map((e: Json) => e.path), name).toContain(path);
    }
    expect(await counts()).toEqual(before);
  });

  it('exports anonymised research statistics (operator and consortium admin only), audit-logged', async () => {
    // Two more phishing alerts sent, at minato and hibari: phishing then concerns three institutions.
    for (const [code, host] of [['minato', '192.0.2.202'], ['hibari', '203.0.113.6']] as const) {
      const r = (await ingest([sighting({ institutionId: ids[code], internalHost: host, remoteAddress: '198.18.7.7', indicatorId: ind['198.18.7.7'], dstPort: 8443 })])).json();
      expect((await operator.request('POST', `/api/v1/flows/alerts/${r.created[0]}/confirm`, {})).statusCode).toBe(200);
    }
    const res = await operator.request('GET', '/api/v1/flows/research-stats?from=2026-11-01&to=2026-11-30');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    // Sent: c2 at sakura, minato, hibari, aoba; phishing at sakura, minato, hibari. Not the alerts in review, dismissed or merged.
    expect(s).toMatchObject({ from: '2026-11-01', to: '2026-11-30', timezone: 'Asia/Tokyo', minInstitutions: 3, total: { alerts: 7, institutions: 4, suppressed: false } });
    expect(s.tables.category.rows.map((r: Json) => [r.key, r.alerts, r.institutions])).toEqual([['c2', 4, 4], ['phishing', 3, 3]]);
    expect(s.tables.day.rows.map((r: Json) => r.key)).toEqual(['2026-11-24']);
    // Port 443 (every institution) is published; 8443 (two institutions) is folded, and with it the smallest published row, so that "other" covers three.
    expect(s.tables.port.other).toMatchObject({ suppressed: false });
    expect(s.tables.port.other.institutions).toBeGreaterThanOrEqual(3);
    const text = res.body;
    for (const [code, id] of Object.entries(ids)) {
      expect(text).not.toContain(id);
      expect(text).not.toContain(`"${code}"`);
    }
    for (const secret of ['192.0.2.', '203.0.113.', '198.51.100.', '198.18.', 'さくら', 'Sakura']) expect(text).not.toContain(secret);

    const csv = await operator.request('GET', '/api/v1/flows/research-stats?from=2026-11-01&to=2026-11-30&format=csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.startsWith('\ufeffdimension,key,alerts,sightings,institutions,note\r\ntotal,2026-11-01..2026-11-30,7,')).toBe(true);
    expect(csv.body).toContain('category,c2,4,');

    // Nobody else; bad periods are 400 and not logged.
    expect((await sakura.request('GET', '/api/v1/flows/research-stats?from=2026-11-01&to=2026-11-30')).statusCode).toBe(403);
    expect((await staff.request('GET', '/api/v1/flows/research-stats?from=2026-11-01&to=2026-11-30')).statusCode).toBe(403);
    const logged = (await audit('flows.research_export')).length;
    for (const q of ['from=2026-11-31&to=2026-12-01', 'from=2026-12-01&to=2026-11-01', 'from=2020-01-01&to=2026-11-30', 'from=yesterday&to=2026-11-30', 'to=2026-11-30', 'from=2026-11-01&to=2026-11-30&format=xlsx']) {
      const bad = await operator.request('GET', `/api/v1/flows/research-stats?${q}`);
      expect(bad.statusCode, q).toBe(400);
      expect(bad.headers['content-type'], q).toContain('application/problem+json');
    }
    expect((await operator.request('GET', '/api/v1/flows/research-stats?from=2026-12-01&to=2026-11-01')).json().detail).toBe('終了日が開始日より前です / to is before from');
    expect((await audit('flows.research_export')).length).toBe(logged);
    expect(JSON.parse((await audit('flows.research_export')).at(-1)!.changes)).toMatchObject({ from: '2026-11-01', to: '2026-11-30', format: 'csv', alerts: 7 });
  });

  it('lets only one of two racing requests move an alert on', async () => {
    const r = (await ingest([sighting({ institutionId: ids.hibari, internalHost: '203.0.113.9', remoteAddress: '198.18.7.7', indicatorId: ind['198.18.7.7'] })])).json();
    const id = r.created[0] as string;
    const raced = await Promise.all([
      operator.request('POST', `/api/v1/flows/alerts/${id}/confirm`, {}),
      operator.request('POST', `/api/v1/flows/alerts/${id}/dismiss`, { reason: '重複' }),
    ]);
    expect(raced.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    const confirmed = raced[0]!.statusCode === 200;
    expect(await status(id)).toBe(confirmed ? 'received' : 'dismissed');
    expect(await recipients('flows.alert', id)).toHaveLength(confirmed ? 2 : 0);

    const hibari = await signIn(h.app, 'admin@hibari-sci.example', DEMO_PASSWORD);
    const acks = await Promise.all([1, 2].map(() => hibari.request('POST', `/api/v1/flows/alerts/${alerts.hibari}/status`, { status: 'acknowledged' })));
    expect(acks.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    const events = await h.deps.db.selectFrom('flow_alert_events').select('action').where('alert_id', '=', alerts.hibari).where('action', '=', 'status.acknowledged').execute();
    expect(events).toHaveLength(1);
  });

  it('records every change in the audit log', async () => {
    const actions = (await h.deps.db.selectFrom('audit_log').select('action').where('action', 'like', 'flows.%').execute()).map((r) => r.action);
    for (const a of ['flows.ingest', 'flows.alert_send', 'flows.alert_confirm', 'flows.alert_dismiss', 'flows.alert_merge', 'flows.alert_status', 'flows.alert_escalate', 'flows.research_export']) {
      expect(actions, a).toContain(a);
    }
    const dismissed = (await audit('flows.alert_dismiss')).find((e) => e.object_id === alerts.scan)!;
    expect(dismissed).toMatchObject({ actor_label: 'admin@soc.renkei.example', institution_id: ids.sakura });
    expect(JSON.parse(dismissed.changes)).toEqual({ reason: '学内で実施した脆弱性診断の通信' });
    const statuses = (await audit('flows.alert_status')).filter((e) => e.object_id === alerts.urgent).map((e) => JSON.parse(e.changes).to);
    expect(statuses).toEqual(['acknowledged', 'investigating', 'mitigated', 'closed']);
    // One send per sent alert, recorded with whoever caused it (here the operator who ingested or confirmed).
    const sends = await audit('flows.alert_send');
    expect(sends.filter((e) => e.object_id === alerts.urgent)).toHaveLength(1);
    expect(sends.find((e) => e.object_id === alerts.phish)!.actor_label).toBe('admin@soc.renkei.example');
  });
  it('opens a new alert, sent at once, when traffic would make a dismissed alert urgent; harmless traffic stays with the dismissed one', async () => {
    const c2 = (p: Json = {}) => sighting({ internalHost: '192.0.2.40', remoteAddress: '198.18.0.2', indicatorId: ind['198.18.0.2'], ...p });
    // Inbound SYNs from the C2 address only: normal, waits for review; the operator dismisses it.
    const probe = { internalIsSource: false, srcPort: 443, dstPort: 51000, tcpFlags: 0x02, packets: 1, bytes: 60 };
    const first = (await ingest([c2(probe)])).json();
    expect(first).toMatchObject({ created: [expect.any(String)], sent: [] });
    const dismissed = first.created[0] as string;
    expect(await get(operator, `/api/v1/flows/alerts/${dismissed}`)).toMatchObject({ urgency: 'normal', status: 'review' });
    expect((await operator.request('POST', `/api/v1/flows/alerts/${dismissed}/dismiss`, { reason: '監視装置の疎通確認による誤検知' })).statusCode).toBe(200);

    // More of the same: absorbed by the dismissed alert, quietly.
    const quiet = (await ingest([c2(probe)])).json();
    expect(quiet).toEqual({ sightings: 1, created: [], updated: [dismissed], sent: [] });
    expect(await get(operator, `/api/v1/flows/alerts/${dismissed}`)).toMatchObject({ status: 'dismissed', urgency: 'normal', sightings: 2 });

    // The host now talks to the C2 over an established session (with a probe in the same batch): a new urgent alert, sent at once.
    const loud = (await ingest([c2(probe), c2()])).json();
    expect(loud.updated).toEqual([]);
    expect(loud.created).toHaveLength(1);
    expect(loud.sent).toEqual(loud.created);
    const fresh = loud.created[0] as string;
    const detail = await get(operator, `/api/v1/flows/alerts/${fresh}`);
    expect(detail).toMatchObject({ status: 'received', urgency: 'urgent', sightings: 2, internalHost: '192.0.2.40' });
    expect(detail.timeline.map((e: Json) => [e.action, e.details.afterDismissed ?? null])).toEqual([['detected', dismissed], ['sent', null]]);
    expect(await recipients('flows.alert', fresh)).toEqual(['coordinator@sakura-tech.example', 'csirt@sakura-tech.example']);
    const old = await get(operator, `/api/v1/flows/alerts/${dismissed}`);
    expect(old).toMatchObject({ status: 'dismissed', urgency: 'normal', sightings: 2 });
    expect(old.timeline.at(-1)).toMatchObject({ action: 'passed_over', details: { urgency: 'normal', wouldBe: 'urgent', alert: fresh } });
    // The institution sees the new alert, never the dismissed one.
    expect((await sakura.request('GET', `/api/v1/flows/alerts/${fresh}`)).statusCode).toBe(200);
    expect((await sakura.request('GET', `/api/v1/flows/alerts/${dismissed}`)).statusCode).toBe(404);

    // Later sightings extend the new alert, not the dismissed one.
    expect((await ingest([c2()])).json()).toMatchObject({ created: [], updated: [fresh] });
    expect(JSON.parse((await audit('flows.ingest')).at(-2)!.changes)).toMatchObject({ created: 1, sent: 1, passedOver: [dismissed] });
  });

  it('opens a new alert for review when traffic would raise a dismissed alert to a higher, not urgent, level', async () => {
    const scan = (p: Json = {}) => sighting({ internalHost: '192.0.2.41', remoteAddress: '198.18.5.5', indicatorId: ind['198.18.5.5'], ...p });
    const first = (await ingest([scan({ internalIsSource: false, srcPort: 40000, dstPort: 22, tcpFlags: 0x02, packets: 1, bytes: 60 })])).json();
    const dismissed = first.created[0] as string;
    expect((await operator.request('POST', `/api/v1/flows/alerts/${dismissed}/dismiss`, { reason: '既知のスキャン' })).statusCode).toBe(200);
    // The host itself connects to the scanner's address: 4 + 20 + 15 = 39, normal (was low).
    const r = (await ingest([scan()])).json();
    expect(r).toMatchObject({ updated: [], sent: [] });
    expect(r.created).toHaveLength(1);
    expect(await get(operator, `/api/v1/flows/alerts/${r.created[0]}`)).toMatchObject({ status: 'review', urgency: 'normal', sightings: 1 });
    expect(await get(operator, `/api/v1/flows/alerts/${dismissed}`)).toMatchObject({ status: 'dismissed', urgency: 'low', sightings: 1 });
  });

  it('checks each internal host against the most specific registered prefix, and keeps host text canonical', async () => {
    // Minato registers a block inside Sakura's 192.0.2.0/25: its hosts are Minato's now.
    const added = await operator.request('POST', `/api/v1/institutions/${ids.minato}/networks`, { kind: 'prefix', value: '192.0.2.96/28' });
    expect(added.statusCode).toBeLessThan(300);
    const before = await counts();
    const refused = await ingest([sighting({ internalHost: '192.0.2.99' })]);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().detail).toMatch(/^学内ホストのアドレスが、その機関の登録済みアドレス範囲にない検知があります（1 件/);
    expect(refused.json().errors).toEqual([{ path: 'body.sightings.0.internalHost', message: 'in a more specific prefix of another member institution' }]);
    expect(await counts()).toEqual(before);
    const minatoHost = (await ingest([sighting({ institutionId: ids.minato, internalHost: '192.0.2.99', remoteAddress: '198.18.7.7', indicatorId: ind['198.18.7.7'] })])).json();
    expect(minatoHost.created).toHaveLength(1);
    expect((await operator.request('DELETE', `/api/v1/networks/${added.json().id}`)).statusCode).toBeLessThan(300);

    // IPv6 written in capitals and with a zero group: stored as the pipeline writes it, one alert either way.
    const v6 = (host: string) => sighting({ internalHost: host, remoteAddress: '198.18.7.7', indicatorId: ind['198.18.7.7'] });
    const a = (await ingest([v6('2001:DB8:100:0::2A')])).json();
    expect(a.created).toHaveLength(1);
    expect((await get(operator, `/api/v1/flows/alerts/${a.created[0]}`)).internalHost).toBe('2001:db8:100::2a');
    expect((await ingest([v6('2001:db8:100::2a')])).json()).toMatchObject({ created: [], updated: a.created });
    expect((await ingest([v6('2001:db8:200::2a')])).statusCode).toBe(400); // Minato's IPv6 block
  });
});
