/**
 * Figures about flow alerts: response times per institution beside anonymous consortium medians,
 * and the research export of anonymised counts (src/core/alerts/research.ts).
 */
import { type Actor, can } from '../../../core/access.ts';
import { type ResearchAlert, researchRange, researchStats as aggregateResearchStats } from '../../../core/alerts/research.ts';
import { median } from '../../../core/stats.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './repo.ts';
import { SENT_STATES, denied } from './service.ts';

/** Consortium medians are shown only when at least this many institutions contribute. */
export const MIN_CONTRIBUTORS = 3;

type MetricName = 'notify' | 'acknowledge' | 'close';
const METRICS: MetricName[] = ['notify', 'acknowledge', 'close'];
const minutes = (from: string, to: string | null) => (to ? (Date.parse(to) - Date.parse(from)) / 60_000 : null);

function durationsByInstitution(rows: Awaited<ReturnType<typeof repo.sentAlerts>>) {
  const by = new Map<string, Record<MetricName, number[]>>();
  for (const r of rows) {
    const d = by.get(r.institution_id) ?? { notify: [], acknowledge: [], close: [] };
    by.set(r.institution_id, d);
    const n = minutes(r.created_at, r.sent_at);
    const a = minutes(r.sent_at!, r.acknowledged_at);
    const c = minutes(r.sent_at!, r.closed_at);
    if (n !== null) d.notify.push(n);
    if (a !== null) d.acknowledge.push(a);
    if (c !== null) d.close.push(c);
  }
  return by;
}

const figures = (d: Record<MetricName, number[]>) =>
  Object.fromEntries(METRICS.map((m) => [m, { medianMinutes: median(d[m]), count: d[m].length }])) as Record<MetricName, { medianMinutes: number | null; count: number }>;

/** Consortium medians over all alerts, each given only when at least MIN_CONTRIBUTORS institutions contribute to it. */
function consortiumFigures(by: Map<string, Record<MetricName, number[]>>) {
  return Object.fromEntries(METRICS.map((m) => {
    const contributing = [...by.values()].filter((d) => d[m].length > 0);
    const enough = contributing.length >= MIN_CONTRIBUTORS;
    return [m, { medianMinutes: enough ? median(contributing.flatMap((d) => d[m])) : null, available: enough }];
  })) as Record<MetricName, { medianMinutes: number | null; available: boolean }>;
}

/**
 * Response times: to notify (Renkei first recorded the sighting → sent), to acknowledge and to
 * close (sent → …), medians in minutes. The operator sees each institution; a member sees its
 * own beside the anonymous consortium medians.
 */
export async function metrics(deps: Deps, actor: Actor) {
  const operator = can.reviewFlowAlerts(actor);
  if (!operator && !(actor.institutionId && can.respondToFlowAlerts(actor, actor.institutionId))) throw denied();
  const by = durationsByInstitution(await repo.sentAlerts(deps.db));
  const consortium = consortiumFigures(by);
  const empty = { notify: [], acknowledge: [], close: [] };
  if (operator) {
    const names = await repo.institutionNames(deps.db);
    return {
      scope: 'consortium' as const, minContributors: MIN_CONTRIBUTORS, consortium,
      institutions: names.filter((n) => by.has(n.id)).map((n) => ({ institutionId: n.id, code: n.code, nameJa: n.name_ja, nameEn: n.name_en, ...figures(by.get(n.id)!) })),
    };
  }
  return { scope: 'institution' as const, minContributors: MIN_CONTRIBUTORS, consortium, own: figures(by.get(actor.institutionId!) ?? empty) };
}

/**
 * Anonymised research statistics over sent alerts first seen in a period of JST dates: counts per
 * category, service port, day and urgency, with every figure describing fewer than
 * MIN_INSTITUTIONS institutions folded or withheld (see core/alerts/research.ts). The operator
 * and the consortium administrators only; each export is audit-logged.
 */
export async function researchStats(deps: Deps, actor: Actor, period: { from: string; to: string }, format: 'json' | 'csv') {
  if (!can.reviewFlowAlerts(actor)) throw denied();
  const range = researchRange(period.from, period.to);
  if ('field' in range) throw new AppError('validation', `${range.ja} / ${range.en}`, [{ path: `query.${range.field}`, message: range.en }]);
  return deps.db.transaction().execute(async (trx) => {
    const rows = await repo.researchAlerts(trx, range.start, range.end, SENT_STATES);
    const alerts: ResearchAlert[] = rows.map((r) => ({
      institutionId: r.institution_id, category: r.category, ports: JSON.parse(r.ports) as number[], urgency: r.urgency, firstSeen: r.first_seen, sightings: r.sightings,
    }));
    const stats = aggregateResearchStats(alerts, period);
    await recordAudit(trx, actor, {
      action: 'flows.research_export', objectType: 'flow_research_stats',
      changes: { from: period.from, to: period.to, format, alerts: stats.total.alerts, suppressed: stats.total.suppressed },
    }, deps.now());
    return { ...stats, generatedAt: deps.now().toISOString() };
  });
}
