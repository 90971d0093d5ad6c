import type { NavSection } from '../shell/nav-types.ts';

/**
 * Modules still to come. When one is built, give it its own folder with nav.ts and
 * routes.tsx, drop its entry here, and add its section to shell/nav.ts.
 */
export const upcomingNav: NavSection = {
  id: 'upcoming',
  title: 'nav.sections.upcoming',
  entries: [
    { key: 'isms', label: 'nav.isms', to: '/isms', soon: true },
    { key: 'knowledge', label: 'nav.knowledge', to: '/knowledge', soon: true },
  ],
};
