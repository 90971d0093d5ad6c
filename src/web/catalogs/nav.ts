import type { NavSection } from '../shell/nav-types.ts';
import { canManageRegulations } from './permissions.ts';

export const catalogsNav: NavSection = {
  id: 'catalogs',
  title: 'catalogs.nav.section',
  entries: [
    { key: 'catalogs', label: 'catalogs.nav.list', to: '/catalogs', end: true },
    { key: 'catalogs-import', label: 'catalogs.nav.import', to: '/catalogs/import', visible: canManageRegulations },
    { key: 'catalogs-compare', label: 'catalogs.nav.compare', to: '/catalogs/compare' },
    { key: 'catalogs-search', label: 'catalogs.nav.search', to: '/catalogs/search' },
    { key: 'catalogs-checklists', label: 'catalogs.nav.checklists', to: '/catalogs/checklists' },
  ],
};
