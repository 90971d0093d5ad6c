/**
 * Flow-alert escalation as a periodic job: alerts not acknowledged by their deadline go to the
 * institution's backup contacts (escalateOverdue escalates an alert once).
 */
import { escalateOverdue } from '../modules/flows/service.ts';
import type { PeriodicJob } from '../platform/periodic.ts';

export const escalationJob: PeriodicJob<string[]> = {
  name: 'flows.escalation',
  intervalMs: 60_000,
  run: async (deps) => (await escalateOverdue(deps)).escalated,
  empty: [],
  count: (ids) => ids.length,
};
