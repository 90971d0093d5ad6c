import { Navigate, type RouteObject } from 'react-router-dom';
import { DraftReviewPage } from './DraftReviewPage.tsx';
import { NewSharePage } from './NewSharePage.tsx';
import { OffersPage } from './OffersPage.tsx';
import { ReportPage } from './ReportPage.tsx';
import { ReportsPage } from './ReportsPage.tsx';

export const sharingRoutes: RouteObject[] = [
  { path: 'sharing', element: <Navigate to="/sharing/reports" replace /> },
  { path: 'sharing/new', element: <NewSharePage /> },
  { path: 'sharing/drafts/:id', element: <DraftReviewPage /> },
  { path: 'sharing/reports', element: <ReportsPage /> },
  { path: 'sharing/reports/:id', element: <ReportPage /> },
  { path: 'sharing/offers', element: <OffersPage /> },
];
