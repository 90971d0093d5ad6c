import type { NavSection } from '../shell/nav-types.ts';

/** Members' people see the campaigns they manage, review or answer (the server filters the list). */
const isMember = (s: { institution: { kind: string } }) => s.institution.kind === 'member';

export const assessmentsNav: NavSection = {
  id: 'assessments',
  title: 'assessments.nav.section',
  entries: [
    { key: 'assessments', label: 'assessments.nav.campaigns', to: '/assessments', visible: isMember, end: true },
    { key: 'assessments-improvements', label: 'assessments.nav.improvements', to: '/assessments/improvements', visible: isMember },
  ],
};
