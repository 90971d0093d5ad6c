/**
 * Imports of archived logs through the HTTP API on both engines (POST /api/v1/flows/imports):
 * a Zeek dns.log matched against domain indicators (the operator keeps every member's
 * sightings, a CSIRT only its own), a flow CSV against address indicators, and bad or oversized
 * files refused with nothing changed.
 */
import { TOTP } from 'otpauth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../support/db.ts';
import { type Client, DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';
import { multipart } from '../support/multipart.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const T0 = new Date('2026-11-24T03:00:00Z');
const sec = (minutesBefore: number) => ((T0.getTime() - minutesBefore * 60_000) / 1000).toFixed(6);

/** A Zeek dns.log (TSV) as Zeek writes it: さくら's 192.0.2.10 twice, みなと's 192.0.2.200 once, an outsider, a line without a query (line 12). */
const DNS_LOG = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tdns',
  '#open\t2026-11-24-11-00-00',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\tqclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\trejected',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\tstring\tcount\tstring\tcount\tstring\tcount\tstring\tbool\tbool\tbool\tbool\tcount\tvector[string]\tvector[interval]\tbool',
  [sec(30), 'Cq1', '192.0.2.10', 51000, '192.0.2.53', 53, 'udp', 1, '0.010000', 'www.C2.evil.example', 1, 'C_INTERNET', 1, 'A', 0, 'NOERROR', 'F', 'F', 'T', 'T', 0, '198.18.0.1', '60.000000', 'F'].join('\t'),
  [sec(20), 'Cq2', '192.0.2.10', 51001, '192.0.2.53', 53, 'udp', 2, '0.010000', 'c2.evil.example.', 1, 'C_INTERNET', 1, 'A', 0, 'NOERROR', 'F', 'F', 'T', 'T', 0, '198.18.0.1', '60.000000', 'F'].join('\t'),
  [sec(15), 'Cq3', '192.0.2.200', 40000, '192.0.2.153', 53, 'udp', 3, '-', 'api.c2.evil.example', 1, 'C_INTERNET', 28, 'AAAA', 3, 'NXDOMAIN', 'F', 'F', 'T', 'T', 0, '-', '-', 'F'].join('\t'),
  [sec(10), 'Cq4', '192.0.2.11', 40001, '192.0.2.53', 53, 'udp', 4, '-', '-', '-', '-', '-', '-', '-', '-', 'F', 'F', 'F', 'F', 0, '-', '-', 'F'].join('\t'),
  [sec(5), 'Cq5', '10.1.2.3', 40002, '10.1.2.53', 53, 'udp', 5, '0.001000', 'c2.evil.example', 1, 'C_INTERNET', 1, 'A', 0, 'NOERROR', 'F', 'F', 'T', 'T', 0, '198.18.0.1', '60.000000', 'F'].join('\t'),
  '#close\t2026-11-24-12-00-00',
  '',
].join('\n');

describeEngines('flow log imports', (engine) => {
  let h: TestApp;
  let operator: Client;
  let csirt: Client;
  let sakuraAdmin: Client;
  const ids: Record<string, string> = {};

  const upload = (c: Client, query: string, filename: string, content: string | Uint8Array) => {
    const m = multipart(filename, content);
    return h.app.inject({ method: 'POST', url: `/api/v1/flows/imports${query}`, payload: m.payload, headers: { ...m.headers, cookie: c.cookie, 'x-csrf-token': c.csrf } });
  };
  const counts = async () => ({
    alerts: Number((await h.deps.db.selectFrom('flow_alerts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    events: Number((await h.deps.db.selectFrom('flow_alert_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    audit: Number((await h.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  });

  beforeAll(async () => {
    h = await createTestApp(engine, { RENKEI_UPLOAD_MAX_MB: '0.05' });
    h.clock.now = new Date(T0);
    for (const i of await h.deps.db.selectFrom('institutions').select(['id', 'code']).execute()) ids[i.code] = i.id;
    operator = await signIn(h.app, 'admin@soc.renkei.example', DEMO_PASSWORD);
    sakuraAdmin = await signIn(h.app, 'admin@sakura-tech.example', DEMO_PASSWORD);
    csirt = await signIn(h.app, 'csirt@sakura-tech.example', DEMO_PASSWORD);
    const { secret } = (await csirt.request('POST', '/api/v1/auth/mfa/setup')).json();
    const code = new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: h.clock.now.getTime() });
    expect((await csirt.request('POST', '/api/v1/auth/mfa/enable', { code })).statusCode).toBe(200);

    // A C2 feed with a domain and an address; a disabled feed whose domain must not match.
    const source = async (name: string, list: string) => {
      const id = (await operator.request('POST', '/api/v1/intel/sources', { name, defaultCategory: 'c2', defaultConfidence: 90 })).json().id as string;
      const m = multipart('list.txt', list);
      const r = await h.app.inject({ method: 'POST', url: `/api/v1/intel/sources/${id}/import`, payload: m.payload, headers: { ...m.headers, cookie: operator.cookie, 'x-csrf-token': operator.csrf } });
      expect(r.statusCode).toBe(200);
      return id;
    };
    await source('C2 フィード', '# C2\nc2.evil.example\n198.18.0.1\n');
    const off = await source('停止中のフィード', 'www.c2.evil.example\n');
    expect((await operator.request('POST', `/api/v1/intel/sources/${off}/disable`)).statusCode).toBe(204);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("the operator imports a Zeek dns.log: members' queries for an indicator domain (or a name under it) become alerts", async () => {
    const res = await upload(operator, '?kind=dns', 'dns.log', DNS_LOG);
    expect(res.statusCode).toBe(200);
    const r = res.json() as Json;
    expect(r).toMatchObject({
      kind: 'dns', format: 'zeek', filename: 'dns.log', rows: 4, malformed: 1, issues: [{ line: 12, message: '問い合わせ名がありません。この行を読み飛ばしました / no query name: skipped' }], issuesOmitted: 0,
      sightings: 3, outsideYourNetworks: 0, badTimes: 0, alertsCreated: 2, alertsUpdated: 0, indicators: { domains: 1 },
    });
    const list = (await operator.request('GET', '/api/v1/flows/alerts?pageSize=50')).json().items as Json[];
    const sakura = list.find((a) => a.institutionId === ids.sakura)!;
    expect(sakura).toMatchObject({
      kind: 'dns', internalHost: '192.0.2.10', remoteAddress: 'www.c2.evil.example', indicator: { value: 'c2.evil.example', category: 'c2', confidence: 90 },
      sightings: 2, bytes: 0, packets: 0, outbound: true, established: false, firstSeen: new Date(T0.getTime() - 30 * 60_000).toISOString(), lastSeen: new Date(T0.getTime() - 20 * 60_000).toISOString(),
    });
    const minato = list.find((a) => a.institutionId === ids.minato)!;
    expect(minato).toMatchObject({ kind: 'dns', internalHost: '192.0.2.200', remoteAddress: 'api.c2.evil.example', sightings: 1 });
    // Urgency as for any alert: a C2 indicator (confidence 90) the member's host reached out to.
    expect(sakura.reasons.map((x: Json) => x.key)).toContain('direction.outbound');
    expect(r.alerts.sort()).toEqual([sakura.id, minato.id].sort());

    // Sent after review like any alert: the mail says it was a DNS query, and for which name.
    expect(sakura).toMatchObject({ status: 'review', urgency: 'high' });
    expect((await operator.request('POST', `/api/v1/flows/alerts/${sakura.id}/confirm`, {})).statusCode).toBe(200);
    const mails = await h.deps.db.selectFrom('outbox').select('payload').where('event_type', '=', 'flows.alert').where('channel', '=', 'email').where('payload', 'like', `%${sakura.id}%`).execute();
    expect(mails.length).toBeGreaterThan(0);
    const mail = JSON.parse(mails[0]!.payload) as Json;
    expect(JSON.stringify(mail)).toContain('DNS 問い合わせ: www.c2.evil.example');

    const audit = await h.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'flows.import').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.changes as string)).toMatchObject({ kind: 'dns', format: 'zeek', rows: 4, malformed: 1, sightings: 3, alertsCreated: 2 });
  });

  it("a CSIRT's import keeps its own institution's sightings and extends the open alert", async () => {
    const before = (await operator.request('GET', '/api/v1/flows/alerts?pageSize=50')).json().items as Json[];
    const sakura = before.find((a) => a.institutionId === ids.sakura)!;
    const res = await upload(csirt, '?kind=dns&format=zeek', 'dns-2.log', DNS_LOG);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rows: 4, malformed: 1, sightings: 2, outsideYourNetworks: 1, alertsCreated: 0, alertsUpdated: 1, alerts: [sakura.id] });
    const after = (await operator.request('GET', `/api/v1/flows/alerts/${sakura.id}`)).json() as Json;
    expect(after.sightings).toBe(4);
    const audit = await h.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'flows.import').orderBy('seq').execute();
    expect(audit.at(-1)).toMatchObject({ institution_id: ids.sakura });
  });

  it('imports a flow file against the address indicators', async () => {
    const csv = `start,src,dst,sport,dport,proto,packets,bytes\n${new Date(T0.getTime() - 60_000).toISOString()},192.0.2.20,198.18.0.1,50000,443,TCP,30,20000\n`;
    const res = await upload(operator, '?kind=flows', 'flows.csv', csv);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'flows', format: 'csv', rows: 1, malformed: 0, sightings: 1, alertsCreated: 1, indicators: { domains: 0 } });
    const alert = (await operator.request('GET', `/api/v1/flows/alerts/${res.json().alerts[0]}`)).json() as Json;
    expect(alert).toMatchObject({ kind: 'flow', internalHost: '192.0.2.20', remoteAddress: '198.18.0.1', bytes: 20000, ports: [443] });
  });

  it('refuses other users, and bad or oversized files with a clear problem and nothing changed', async () => {
    const before = await counts();
    const denied = await upload(sakuraAdmin, '?kind=dns', 'dns.log', DNS_LOG);
    expect(denied.statusCode).toBe(403);

    const cases: [string, string, string | Uint8Array, number, RegExp][] = [
      ['', 'dns.log', DNS_LOG, 400, /kind は dns（DNS ログ）か flows（フローファイル）です/],
      ['?kind=pcap', 'dns.log', DNS_LOG, 400, /kind は dns（DNS ログ）か flows/],
      ['?kind=dns&format=nfcapd', 'dns.log', DNS_LOG, 400, /DNS ログの形式は zeek, csv, jsonl のいずれかです/],
      ['?kind=dns', 'conn.log', '#separator \\x09\n#path\tconn\n#fields\tts\tid.orig_h\n', 400, /Zeek の conn\.log で、DNS ログ（dns\.log）ではありません/],
      ['?kind=dns', 'notes.bin', Uint8Array.from([0, 1, 2, 3]), 400, /DNS ログの形式を判別できません/],
      ['?kind=dns', 'bad.csv', 'ts,client,query\nyesterday,nowhere,\n,,\n', 400, /読める行がありません（2 行を飛ばしました。最初: 2 行目/],
      ['?kind=dns', 'dns.csv', 'ts,src,dst\n1,2,3\n', 400, /ファイルを読めません（1 行目: 見出し行に query の列がありません（使える列名: .* \/ the header names no query column/],
      ['?kind=dns', 'empty.log', '', 400, /ファイルが空です/],
      ['?kind=dns', 'huge.log', DNS_LOG.repeat(100), 413, /ファイルが大きすぎます（上限 0\.05 MB）/],
    ];
    for (const [query, name, content, status, message] of cases) {
      const res = await upload(operator, query, name, content);
      expect([query, name, res.statusCode]).toEqual([query, name, status]);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json() as Json;
      expect(`${body.detail} ${JSON.stringify(body.errors ?? [])}`).toMatch(message);
    }
    expect(await counts()).toEqual(before);
  });
});
