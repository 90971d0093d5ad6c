import type { NavSection } from '../shell/nav-types.ts';

export const auditNav: NavSection = {
  id: 'audit',
  title: 'nav.sections.audit',
  entries: [{ key: 'audit-log', label: 'nav.auditLog', to: '/audit', visible: (s) => s.permissions.readAudit || s.permissions.readAuditAll }],
};
