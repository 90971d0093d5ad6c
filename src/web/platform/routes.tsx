import type { RouteObject } from 'react-router-dom';
import { HomePage } from './HomePage.tsx';
import { InvitationPage } from './InvitationPage.tsx';
import { MfaChallengePage } from './MfaChallengePage.tsx';
import { MfaSetupPage } from './MfaSetupPage.tsx';
import { SettingsPage } from './settings/SettingsPage.tsx';

/** Pages reachable without a full session (each checks the stage it needs itself). */
export const platformPublicRoutes: RouteObject[] = [
  { path: '/sign-in/mfa', element: <MfaChallengePage /> },
  { path: '/mfa/setup', element: <MfaSetupPage /> },
  { path: '/invite/:token', element: <InvitationPage /> },
];

/** Pages inside the application shell. */
export const platformRoutes: RouteObject[] = [
  { index: true, element: <HomePage /> },
  { path: 'settings', element: <SettingsPage /> },
];
