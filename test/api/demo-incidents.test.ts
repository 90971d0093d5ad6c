import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoIncidents } from '../../src/server/demo/incidents.ts';
import { DEMO_PASSWORD, type TestApp, createTestApp, signIn } from '../support/app.ts';
import { describeEngines } from '../support/db.ts';

describeEngines('demo incidents and shared reports', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t?.close());

  it('makes さくら’s queue, a case under way with its PPC report due, and two anonymous shared reports, once', async () => {
    expect(await seedDemoIncidents(t.deps)).toBe(true);
    const sakura = await signIn(t.app, 'admin@sakura-tech.example', DEMO_PASSWORD);
    const list = await sakura.request('GET', '/api/v1/incidents');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { id: string; status: string }[];
    expect(items.map((i) => i.status).sort()).toEqual(['closed', 'handling', 'new', 'new']);

    const handling = (await sakura.request('GET', `/api/v1/incidents/${items.find((i) => i.status === 'handling')!.id}`)).json();
    const obligations = Object.fromEntries((handling.obligations as { kind: string; doneAt: string | null }[]).map((o) => [o.kind, o.doneAt !== null]));
    expect(obligations).toMatchObject({ ppc_preliminary: true, ppc_final: false, ciso: true });

    // Another member sees the two shared reports, none naming who reported them; counts need a third member.
    const minato = await signIn(t.app, 'admin@minato-u.example', DEMO_PASSWORD);
    const shared = (await minato.request('GET', '/api/v1/shared-reports')).json();
    expect(shared.total).toBe(2);
    const text = JSON.stringify(shared.items.filter((r: { mine: boolean }) => !r.mine));
    for (const leak of ['さくら', 'sakura', '八重', '1234']) expect(text).not.toContain(leak);
    expect((await minato.request('GET', '/api/v1/shared-reports/statistics')).json()).toEqual({ contributors: 0, suppressed: true });

    expect(await seedDemoIncidents(t.deps)).toBe(false);
    expect(await t.deps.db.selectFrom('incidents').select('id').execute()).toHaveLength(6);
  });
});
