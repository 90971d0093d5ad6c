import { Navigate, type RouteObject } from 'react-router-dom';
import { AlertDetailPage } from './AlertDetailPage.tsx';
import { AlertsPage, ReviewQueuePage } from './ListPages.tsx';
import { MetricsPage } from './MetricsPage.tsx';
import { PipelinePage } from './PipelinePage.tsx';

export const flowsRoutes: RouteObject[] = [
  { path: 'flows', element: <Navigate to="/flows/alerts" replace /> },
  { path: 'flows/review', element: <ReviewQueuePage /> },
  { path: 'flows/alerts', element: <AlertsPage /> },
  { path: 'flows/alerts/:id', element: <AlertDetailPage /> },
  { path: 'flows/dashboard', element: <MetricsPage /> },
  { path: 'flows/pipeline', element: <PipelinePage /> },
];
