import type { RouteObject } from 'react-router-dom';
import { IncidentPage } from './IncidentPage.tsx';
import { LearningsPage } from './LearningsPage.tsx';
import { PublicReportPage } from './PublicReportPage.tsx';
import { QueuePage } from './QueuePage.tsx';
import { MyReportsPage, ReportPage } from './ReportPages.tsx';
import { SummaryPage } from './SummaryPage.tsx';

/** Inside the shell: static paths before `incidents/:id`. */
export const incidentsRoutes: RouteObject[] = [
  { path: 'incidents', element: <QueuePage /> },
  { path: 'incidents/report', element: <ReportPage /> },
  { path: 'incidents/reports/mine', element: <MyReportsPage /> },
  { path: 'incidents/learnings', element: <LearningsPage /> },
  { path: 'incidents/summary', element: <SummaryPage /> },
  { path: 'incidents/:id', element: <IncidentPage /> },
];

/** The external report desk: no sign-in, outside the shell. */
export const incidentsPublicRoutes: RouteObject[] = [{ path: '/report', element: <PublicReportPage /> }];
