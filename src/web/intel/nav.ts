import type { NavSection } from '../shell/nav-types.ts';
import { canManageIntel, canReadNetworks } from './permissions.ts';

export const intelNav: NavSection = {
  id: 'intel',
  title: 'intel.nav.section',
  entries: [
    { key: 'intel-sources', label: 'intel.nav.sources', to: '/intel/sources', visible: canManageIntel },
    { key: 'intel-indicators', label: 'intel.nav.indicators', to: '/intel/indicators', visible: canManageIntel },
    { key: 'intel-lookup', label: 'intel.nav.lookup', to: '/intel/lookup', visible: canManageIntel },
    { key: 'intel-networks', label: 'intel.nav.networks', to: '/networks', visible: (s) => canReadNetworks(s, s.institution.id) },
  ],
};
