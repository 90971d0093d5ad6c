import type { RouteObject } from 'react-router-dom';
import { AuditListPage } from './audits/AuditListPage.tsx';
import { AuditPage } from './audits/AuditPage.tsx';
import { AuditPlanPage } from './audits/AuditPlanPage.tsx';
import { CampaignListPage } from './CampaignListPage.tsx';
import { CampaignPage } from './CampaignPage.tsx';
import { ImprovementsPage } from './ImprovementsPage.tsx';

export const assessmentsRoutes: RouteObject[] = [
  { path: 'assessments', element: <CampaignListPage /> },
  { path: 'assessments/campaigns/:id', element: <CampaignPage /> },
  { path: 'assessments/improvements', element: <ImprovementsPage /> },
  { path: 'assessments/audits', element: <AuditListPage /> },
  { path: 'assessments/audits/:id', element: <AuditPage /> },
  { path: 'assessments/audit-plan', element: <AuditPlanPage /> },
];
