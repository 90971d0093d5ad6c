import type { SessionInfo } from '../platform/api.ts';

/** Who may import, share, map and make checklists: decided by the server (core/access.ts) and sent with the session. */
export const canManageRegulations = (s: SessionInfo) => s.permissions.manageRegulations;
