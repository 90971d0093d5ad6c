import { type RouteObject, createBrowserRouter } from 'react-router-dom';
import { assessmentsRoutes } from './assessments/routes.tsx';
import { auditRoutes } from './audit/routes.tsx';
import { catalogsRoutes } from './catalogs/routes.tsx';
import { NotFoundPage } from './components/States.tsx';
import { consortiumRoutes } from './consortium/routes.tsx';
import { flowsRoutes } from './flows/routes.tsx';
import { incidentsPublicRoutes, incidentsRoutes } from './incidents/routes.tsx';
import { intelRoutes } from './intel/routes.tsx';
import { sharingRoutes } from './sharing/routes.tsx';
import { RequireSession } from './platform/RequireSession.tsx';
import { platformPublicRoutes, platformRoutes } from './platform/routes.tsx';
import { SignInPage } from './platform/SignInPage.tsx';
import { AppLayout } from './shell/AppLayout.tsx';
import { upcomingRoutes } from './upcoming/routes.tsx';

/**
 * Routes: public pages first, then everything behind RequireSession inside the shell.
 * A new module adds its `routes.tsx` array here and its `nav.ts` section in shell/nav.ts.
 */
const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  ...platformPublicRoutes,
  ...incidentsPublicRoutes,
  {
    element: <RequireSession />,
    children: [
      {
        path: '/',
        element: <AppLayout />,
        children: [
          ...platformRoutes,
          ...consortiumRoutes,
          ...auditRoutes,
          ...catalogsRoutes,
          ...assessmentsRoutes,
          ...flowsRoutes,
          ...incidentsRoutes,
          ...intelRoutes,
          ...sharingRoutes,
          ...upcomingRoutes,
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
