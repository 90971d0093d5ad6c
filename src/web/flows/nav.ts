import type { NavSection } from '../shell/nav-types.ts';
import { canRespondAlerts, canReviewAlerts, canSeeAlerts } from './permissions.ts';

export const flowsNav: NavSection = {
  id: 'flows',
  title: 'flows.nav.section',
  entries: [
    { key: 'flows-review', label: 'flows.nav.review', to: '/flows/review', visible: canReviewAlerts },
    { key: 'flows-alerts', label: 'flows.nav.alerts', to: '/flows/alerts', visible: canReviewAlerts },
    { key: 'flows-own', label: 'flows.nav.own', to: '/flows/alerts', visible: (s) => !canReviewAlerts(s) && canRespondAlerts(s) },
    { key: 'flows-dashboard', label: 'flows.nav.dashboard', to: '/flows/dashboard', visible: canSeeAlerts },
    { key: 'flows-pipeline', label: 'flows.nav.pipeline', to: '/flows/pipeline', visible: canReviewAlerts },
  ],
};
