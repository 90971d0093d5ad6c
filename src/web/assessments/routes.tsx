import type { RouteObject } from 'react-router-dom';
import { CampaignListPage } from './CampaignListPage.tsx';
import { CampaignPage } from './CampaignPage.tsx';
import { ImprovementsPage } from './ImprovementsPage.tsx';

export const assessmentsRoutes: RouteObject[] = [
  { path: 'assessments', element: <CampaignListPage /> },
  { path: 'assessments/campaigns/:id', element: <CampaignPage /> },
  { path: 'assessments/improvements', element: <ImprovementsPage /> },
];
