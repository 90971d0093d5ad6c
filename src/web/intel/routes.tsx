import { Navigate, type RouteObject } from 'react-router-dom';
import { IndicatorsPage } from './IndicatorsPage.tsx';
import { LookupPage } from './LookupPage.tsx';
import { MyNetworks, NetworksPage } from './NetworksPage.tsx';
import { SourcesPage } from './SourcesPage.tsx';

export const intelRoutes: RouteObject[] = [
  { path: 'intel', element: <Navigate to="/intel/sources" replace /> },
  { path: 'intel/sources', element: <SourcesPage /> },
  { path: 'intel/indicators', element: <IndicatorsPage /> },
  { path: 'intel/lookup', element: <LookupPage /> },
  { path: 'networks', element: <MyNetworks /> },
  { path: 'institutions/:id/networks', element: <NetworksPage /> },
];
