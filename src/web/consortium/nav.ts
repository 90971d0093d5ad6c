import { type NavSection, hasRole } from '../shell/nav-types.ts';

export const consortiumNav: NavSection = {
  id: 'consortium',
  title: 'nav.sections.consortium',
  entries: [
    { key: 'institutions', label: 'nav.institutions', to: '/institutions', end: true },
    {
      key: 'members',
      label: 'nav.members',
      to: (s) => `/institutions/${s.institution.id}/members`,
      visible: (s) => s.permissions.manageMembers || hasRole(s, 'ciso'),
    },
    {
      key: 'account-review',
      label: 'nav.accountReview',
      to: '/account-review',
      visible: (s) => s.permissions.manageMembers,
    },
  ],
};
