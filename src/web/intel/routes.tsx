import { Navigate, type RouteObject } from 'react-router-dom';
import { SourcesPage } from './SourcesPage.tsx';

export const intelRoutes: RouteObject[] = [
  { path: 'intel', element: <Navigate to="/intel/sources" replace /> },
  { path: 'intel/sources', element: <SourcesPage /> },
];
