import type { NavSection } from '../shell/nav-types.ts';
import { canHandleIncidents, canReportIncident } from './permissions.ts';

/** Every member reports and follows their reports; the CSIRT, CISO and administrators handle, learn and sum up. */
export const incidentsNav: NavSection = {
  id: 'incidents',
  title: 'incidents.nav.section',
  entries: [
    { key: 'incidents-queue', label: 'incidents.nav.queue', to: '/incidents', visible: canHandleIncidents, end: true },
    { key: 'incidents-report', label: 'incidents.nav.report', to: '/incidents/report', visible: canReportIncident },
    { key: 'incidents-mine', label: 'incidents.nav.mine', to: '/incidents/reports/mine', visible: canReportIncident },
    { key: 'incidents-learnings', label: 'incidents.nav.learnings', to: '/incidents/learnings', visible: canHandleIncidents },
    { key: 'incidents-summary', label: 'incidents.nav.summary', to: '/incidents/summary', visible: canHandleIncidents },
  ],
};
