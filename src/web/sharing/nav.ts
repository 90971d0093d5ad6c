import type { NavSection } from '../shell/nav-types.ts';
import { canReadShared, canReviewOffers } from './permissions.ts';

export const sharingNav: NavSection = {
  id: 'sharing',
  title: 'sharing.nav.section',
  entries: [
    { key: 'sharing-reports', label: 'sharing.nav.reports', to: '/sharing/reports', visible: canReadShared },
    { key: 'sharing-offers', label: 'sharing.nav.offers', to: '/sharing/offers', visible: canReviewOffers },
  ],
};
