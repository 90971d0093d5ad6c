import type { NavSection } from '../shell/nav-types.ts';

export const platformNav: NavSection = {
  id: 'platform',
  title: 'nav.sections.platform',
  entries: [
    { key: 'home', label: 'nav.home', to: '/', end: true },
    { key: 'settings', label: 'nav.settings', to: '/settings' },
  ],
};
