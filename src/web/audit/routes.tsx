import type { RouteObject } from 'react-router-dom';
import { AuditLogPage } from './AuditLogPage.tsx';

export const auditRoutes: RouteObject[] = [{ path: 'audit', element: <AuditLogPage /> }];
