import type { NavSection } from '../shell/nav-types.ts';

/** Members' people see the campaigns they manage, review or answer (the server filters the list). */
const isMember = (s: { institution: { kind: string } }) => s.institution.kind === 'member';

export const assessmentsNav: NavSection = {
  id: 'assessments',
  title: 'assessments.nav.section',
  entries: [
    { key: 'assessments', label: 'assessments.nav.campaigns', to: '/assessments', visible: isMember, end: true },
    { key: 'assessments-improvements', label: 'assessments.nav.improvements', to: '/assessments/improvements', visible: isMember },
    { key: 'assessments-audits', label: 'assessments.audits.nav.audits', to: '/assessments/audits', visible: isMember },
    // The year plan: consortium administrators and members' coordinators plan; members' managers see their pairs; everyone sees the anonymous results there.
    { key: 'assessments-audit-plan', label: 'assessments.audits.nav.plan', to: '/assessments/audit-plan' },
  ],
};
