import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoAssessments } from '../../src/server/demo/assessments.ts';
import { DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';
import { describeEngines } from '../support/db.ts';

describeEngines('demo self-inspection', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t?.close());

  it('makes last year’s closed campaign and this year’s open one at みなと through the services, once', async () => {
    expect(await seedDemoAssessments(t.deps)).toBe(true);
    const auditor = await signIn(t.app, 'auditor@minato-u.example', DEMO_PASSWORD);
    const campaigns = (await auditor.request('GET', '/api/v1/assessments/campaigns')).json().items as { id: string; status: string; fiscalYear: number }[];
    expect(campaigns.map((c) => c.status).sort()).toEqual(['closed', 'open']);
    const open = campaigns.find((c) => c.status === 'open')!;

    const progress = (await auditor.request('GET', `/api/v1/assessments/campaigns/${open.id}/progress`)).json();
    expect(progress.total).toMatchObject({ assigned: 6, notStarted: 2, submitted: 2, accepted: 2 });
    const comparison = (await auditor.request('GET', `/api/v1/assessments/campaigns/${open.id}/comparison`)).json();
    expect(comparison.previous.status).toBe('closed');
    expect(comparison.comparison.total.trend).toBe('improved');
    const improvements = (await auditor.request('GET', `/api/v1/assessments/improvements?campaignId=${open.id}`)).json().items;
    expect(improvements.map((i: { title: string }) => i.title)).toEqual(['情報セキュリティ研修の年次実施']);
    expect((await auditor.request('GET', `/api/v1/assessments/campaigns/${open.id}/report.xlsx`)).statusCode).toBe(200);

    // さくら (where the other demos and browser tests start) sees none of it.
    const sakura = await signIn(t.app, 'admin@sakura-tech.example', DEMO_PASSWORD);
    expect((await sakura.request('GET', '/api/v1/assessments/campaigns')).json().items).toEqual([]);
    expect((await sakura.request('GET', '/api/v1/checklists')).json().items).toEqual([]);

    // Every step is in the audit log; a second start changes nothing.
    const actions = (await t.deps.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
    for (const a of ['regulation.import', 'assessment.create', 'assessment.open', 'assessment.answer_submit', 'assessment.answer_accept', 'assessment.close', 'improvement.create']) expect(actions).toContain(a);
    expect(await seedDemoAssessments(t.deps)).toBe(false);
    expect(await t.deps.db.selectFrom('assessments').select('id').execute()).toHaveLength(2);
  });
});
