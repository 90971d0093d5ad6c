import type { InstitutionKind, Role } from '../../common/roles.ts';
import { api } from '../lib/api.ts';

export interface Institution {
  id: string;
  code: string;
  kind: InstitutionKind;
  nameJa: string;
  nameEn: string;
  incidentDeskEmail: string | null;
  incidentDeskPhone: string | null;
  externalReportEmail: string | null;
  externalReportUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export type InstitutionInput = Partial<Omit<Institution, 'id' | 'createdAt' | 'updatedAt'>>;

export interface Member {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  status: 'active' | 'deactivated';
  mfaEnabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  locked: boolean;
}

export interface MemberPage {
  items: Member[];
  total: number;
  page: number;
  pageSize: number;
}

export interface MemberFilter {
  q?: string;
  role?: string;
  status?: string;
  page: number;
  pageSize: number;
}

export interface Invitation {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  expiresAt: string;
  createdAt?: string;
}

export interface ReviewItem {
  id: string;
  email: string;
  displayName: string;
  institutionId: string;
  roles: Role[];
  lastLoginAt: string | null;
  createdAt: string;
}

const id = (v: string) => encodeURIComponent(v);

export const institutionsApi = {
  list: () => api.get<{ items: Institution[] }>('/institutions'),
  get: (instId: string) => api.get<Institution>(`/institutions/${id(instId)}`),
  create: (body: InstitutionInput) => api.post<Institution>('/institutions', body),
  update: (instId: string, body: InstitutionInput) => api.patch<Institution>(`/institutions/${id(instId)}`, body),
};

export const membersApi = {
  list: (instId: string, f: MemberFilter) => api.get<MemberPage>(`/institutions/${id(instId)}/members`, { ...f }),
  invite: (instId: string, body: { email: string; displayName: string; roles: Role[] }) =>
    api.post<{ invitation: Invitation; link: string }>(`/institutions/${id(instId)}/invitations`, body),
  invitations: (instId: string) => api.get<{ items: Invitation[] }>(`/institutions/${id(instId)}/invitations`),
  revokeInvitation: (invId: string) => api.delete(`/invitations/${id(invId)}`),
  setRoles: (userId: string, roles: Role[]) => api.put<unknown>(`/users/${id(userId)}/roles`, { roles }),
  deactivate: (userId: string) => api.post<unknown>(`/users/${id(userId)}/deactivate`),
  reactivate: (userId: string) => api.post<unknown>(`/users/${id(userId)}/reactivate`),
  unlock: (userId: string) => api.post<unknown>(`/users/${id(userId)}/unlock`),
  review: (days: number, institutionId?: string) =>
    api.get<{ days: number; items: ReviewItem[] }>('/account-review', { days, institutionId }),
};
