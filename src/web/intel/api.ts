import { api, upload } from '../lib/api.ts';

/** Shapes of /api/v1/intel and /api/v1/institutions/:id/networks (server: src/server/modules/intel). */
export const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLPS)[number];

export const FEED_FORMATS = ['stix', 'misp', 'blocklist', 'feodo-csv', 'feodo-json', 'zeek-intel'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];
/** A source's declared format; `mixed` when it delivers more than one. */
export type SourceFormat = FeedFormat | 'mixed';

export const INDICATOR_TYPES = ['ipv4', 'ipv6', 'cidr', 'range', 'domain', 'url', 'md5', 'sha1', 'sha256'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** Categories the parsers assign (core/intel/indicator.ts CATEGORY_RULES); a source may also name its own. */
export const CATEGORIES = [
  'c2', 'phishing', 'bruteforce', 'scanner', 'malware-distribution', 'botnet', 'spam', 'anonymisation', 'malware', 'compromised', 'anomalous', 'benign',
] as const;

export interface Source {
  id: string;
  name: string;
  format: string;
  defaultCategory: string | null;
  defaultConfidence: number | null;
  defaultTlp: Tlp | null;
  note: string | null;
  createdAt: string;
  lastImportAt: string | null;
  disabledAt: string | null;
  indicators: number;
}

export interface SourceBody {
  name: string;
  format: SourceFormat;
  defaultCategory?: string;
  defaultConfidence?: number;
  defaultTlp?: Tlp;
  note?: string;
}

export interface ImportIssue {
  line?: number;
  position?: string;
  message: string;
}

export interface ImportReport {
  format: FeedFormat;
  added: number;
  updated: number;
  rejected: number;
  warnings: number;
  issues: ImportIssue[];
}

export interface Indicator {
  id: string;
  type: IndicatorType;
  value: string;
  category: string | null;
  confidence: number | null;
  firstSeen: string | null;
  lastSeen: string | null;
  validUntil: string | null;
  expired: boolean;
  tlp: Tlp | null;
  tags: string[];
  source: { id: string; name: string };
  externalId: string | null;
  description: string | null;
  updatedAt: string;
}

export interface IndicatorFilter {
  q?: string;
  type?: string;
  category?: string;
  sourceId?: string;
  activeOnly?: '1';
  page: number;
  pageSize: number;
}

export interface IndicatorPage {
  items: Indicator[];
  total: number;
  page: number;
  pageSize: number;
}

export interface LookupResult {
  address: string;
  institutionId: string | null;
  prefix: string | null;
}

export type NetworkKind = 'prefix' | 'domain';

export interface Network {
  id: string;
  kind: NetworkKind;
  value: string;
  note: string | null;
  createdAt: string;
}

export const PAGE_SIZE = 50;

const id = (v: string) => encodeURIComponent(v);

export const intelApi = {
  sources: () => api.get<{ items: Source[] }>('/intel/sources'),
  createSource: (body: SourceBody) => api.post<{ id: string }>('/intel/sources', body),
  setEnabled: (sourceId: string, enabled: boolean) => api.post<void>(`/intel/sources/${id(sourceId)}/${enabled ? 'enable' : 'disable'}`),
  importFile: (sourceId: string, file: File, csrfToken: string | null, format?: FeedFormat) =>
    upload<ImportReport>(`/intel/sources/${id(sourceId)}/import`, file, csrfToken, { format }),
  indicators: (f: IndicatorFilter) => api.get<IndicatorPage>('/intel/indicators', { ...f }),
  lookup: (address: string) => api.get<LookupResult>('/intel/lookup', { address }),
};

export const networksApi = {
  list: (institutionId: string) => api.get<{ items: Network[] }>(`/institutions/${id(institutionId)}/networks`),
  add: (institutionId: string, body: { kind: NetworkKind; value: string; note?: string }) =>
    api.post<{ id: string; value: string }>(`/institutions/${id(institutionId)}/networks`, body),
  remove: (networkId: string) => api.delete(`/networks/${id(networkId)}`),
};
