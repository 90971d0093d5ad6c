import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoFlows } from '../../src/server/demo/flows.ts';
import { type TestApp, createTestApp } from '../support/app.ts';
import { describeEngines } from '../support/db.ts';

describeEngines('demo threat intelligence and flow alerts', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t?.close());

  it('imports demo indicators and makes alerts in every stage through the services, once', async () => {
    expect(await seedDemoFlows(t.deps)).toBe(true);
    const sources = await t.deps.db.selectFrom('indicator_sources').select('name').execute();
    expect(sources).toHaveLength(3);
    expect(await t.deps.db.selectFrom('indicators').select('id').execute()).toHaveLength(7); // 6 addresses and ranges, 1 domain

    const alerts = await t.deps.db.selectFrom('flow_alerts').innerJoin('institutions', 'institutions.id', 'flow_alerts.institution_id')
      .select(['institutions.code', 'flow_alerts.internal_host', 'flow_alerts.urgency', 'flow_alerts.status', 'flow_alerts.sent_at', 'flow_alerts.acknowledged_at'])
      .orderBy('flow_alerts.internal_host').execute();
    const byHost = Object.fromEntries(alerts.map((a) => [a.internal_host, a]));
    expect(alerts).toHaveLength(6);
    // Urgent: sent at once and answered by さくら's CSIRT.
    expect(byHost['192.0.2.20']).toMatchObject({ code: 'sakura', urgency: 'urgent', status: 'investigating' });
    expect(byHost['192.0.2.20']!.acknowledged_at).not.toBeNull();
    // Confirmed by the analyst.
    expect(byHost['198.51.100.7']).toMatchObject({ code: 'aoba', status: 'received' });
    expect(byHost['203.0.113.80']).toMatchObject({ code: 'hibari', status: 'received' });
    // Still in review, of several urgencies.
    const review = alerts.filter((a) => a.status === 'review');
    expect(review.map((a) => a.internal_host).sort()).toEqual(['192.0.2.150', '2001:db8:100::25', '203.0.113.44']);
    expect(new Set(review.map((a) => a.urgency)).size).toBeGreaterThan(1);
    expect(alerts.find((a) => a.internal_host === '203.0.113.44')!.urgency).toBe('low');

    // Every step is in the audit log.
    const actions = (await t.deps.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
    for (const a of ['intel.source_create', 'intel.import', 'flows.ingest', 'flows.alert_send', 'flows.alert_confirm', 'flows.alert_status']) expect(actions).toContain(a);

    // A second start changes nothing.
    expect(await seedDemoFlows(t.deps)).toBe(false);
    expect(await t.deps.db.selectFrom('flow_alerts').select('id').execute()).toHaveLength(6);
    expect(await t.deps.db.selectFrom('indicator_sources').select('id').execute()).toHaveLength(3);
  });
});
