import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionInfo } from '../../common/api/platform.ts';
import type { Role } from '../../common/roles.ts';
import { ApiError, api, setCsrfToken } from '../lib/api.ts';

export type Stage = 'full' | 'mfa' | 'mfa_setup';

/** The session as the server describes it (shared schema in src/common/api/platform.ts). */
export type { SessionInfo };

export interface SessionResponse {
  stage: Stage;
  csrfToken: string;
  session: SessionInfo | null;
}

/** What the SPA knows about the visitor: signed out, or a session at some stage. */
export type SessionState = { stage: 'signed_out' } | SessionResponse;

export const SESSION_KEY = ['auth', 'session'] as const;

async function fetchSession(): Promise<SessionState> {
  try {
    const res = await api.get<SessionResponse>('/auth/session');
    setCsrfToken(res.csrfToken);
    return res;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return { stage: 'signed_out' };
    }
    throw e;
  }
}

export function useSessionQuery() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, retry: 1 });
}

/** The full session of a signed-in user; only for pages behind `RequireSession`. */
export function useSession(): SessionInfo {
  const { data } = useSessionQuery();
  if (!data || data.stage !== 'full' || !data.session) throw new Error('useSession outside a signed-in page');
  return data.session;
}

/** Store a sign-in / MFA response as the current session. */
export function useApplySession() {
  const qc = useQueryClient();
  return (res: SessionResponse) => {
    setCsrfToken(res.csrfToken);
    qc.setQueryData<SessionState>(SESSION_KEY, res);
  };
}

export const authApi = {
  login: (email: string, password: string) => api.post<SessionResponse>('/auth/login', { email, password }),
  verifyMfa: (code: string) => api.post<SessionResponse>('/auth/mfa/verify', { code }),
  logout: () => api.post<void>('/auth/logout'),
  logoutAll: () => api.post<void>('/auth/logout-all'),
  mfaSetup: () => api.post<{ secret: string; otpauthUrl: string; qrDataUrl: string }>('/auth/mfa/setup'),
  mfaEnable: (code: string) => api.post<{ recoveryCodes: string[] }>('/auth/mfa/enable', { code }),
  mfaRecoveryCodes: (code: string) => api.post<{ recoveryCodes: string[] }>('/auth/mfa/recovery-codes', { code }),
  mfaDisable: (code: string) => api.post<void>('/auth/mfa/disable', { code }),
};


export interface NotificationPref {
  eventType: string;
  label: string;
  labelEn: string;
  /** Notices the user cannot turn off (e.g. account security). */
  mandatory: boolean;
  email: boolean;
}

export type TokenScope = 'read' | 'write';

export interface ApiToken {
  id: string;
  name: string;
  scopes: TokenScope[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export const meApi = {
  get: () => api.get<SessionInfo>('/me'),
  update: (patch: { displayName?: string; locale?: 'ja' | 'en' }) => api.patch<SessionInfo>('/me', patch),
  changePassword: (currentPassword: string, newPassword: string) => api.post<void>('/me/password', { currentPassword, newPassword }),
  notifications: () => api.get<{ items: NotificationPref[] }>('/me/notifications'),
  saveNotifications: (items: { eventType: string; email: boolean }[]) => api.put<unknown>('/me/notifications', { items }),
  tokens: () => api.get<{ items: ApiToken[] }>('/me/tokens'),
  createToken: (body: { name: string; scopes: TokenScope[]; expiresInDays?: number }) =>
    api.post<{ token: string; item: ApiToken }>('/me/tokens', body),
  revokeToken: (id: string) => api.delete(`/me/tokens/${encodeURIComponent(id)}`),
};

export interface InvitationView {
  email: string;
  displayName: string;
  roles: Role[];
  institution: { nameJa: string; nameEn: string; code: string };
  expiresAt: string;
}

export const invitationApi = {
  get: (token: string) => api.get<InvitationView>(`/invitations/by-token/${encodeURIComponent(token)}`),
  accept: (token: string, displayName: string, password: string) =>
    api.post<{ email: string }>(`/invitations/by-token/${encodeURIComponent(token)}/accept`, { displayName, password }),
};
