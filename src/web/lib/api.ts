/**
 * The one way the SPA talks to the server: JSON over fetch with the session cookie,
 * the CSRF token on unsafe methods, and problem+json errors turned into `ApiError`.
 */
export const API_BASE = '/api/v1';

export interface FieldProblem {
  path: string;
  message: string;
}

/** RFC 9457 problem details as the server sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldProblem[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }

  get fieldErrors(): FieldProblem[] {
    return this.problem.errors ?? [];
  }
}

let csrfToken: string | null = null;

/** Remember the CSRF token from a session, sign-in or MFA response. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | boolean | null | undefined>;

/** Builds `/api/v1/path?a=b`, leaving out empty parameters. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

async function problemFrom(res: Response): Promise<Problem> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<Problem>;
      return {
        type: body.type ?? 'about:blank',
        title: body.title ?? res.statusText,
        status: body.status ?? res.status,
        code: body.code ?? `http_${res.status}`,
        ...(body.detail ? { detail: body.detail } : {}),
        ...(body.errors ? { errors: body.errors } : {}),
      };
    } catch {
      // fall through to a generic problem
    }
  }
  return { type: 'about:blank', title: res.statusText, status: res.status, code: `http_${res.status}` };
}

export async function request<T>(method: Method, path: string, options: { body?: unknown; query?: Query } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'network', status: 0, code: 'network' });
  }
  if (!res.ok) throw new ApiError(await problemFrom(res));
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Multipart upload of one file (field `file`) with the same CSRF header and problem+json
 * reading as JSON requests. The token given wins over the remembered one.
 */
export async function upload<T>(path: string, file: File, token: string | null = csrfToken, query?: Query): Promise<T> {
  const body = new FormData();
  body.append('file', file, file.name);
  const csrf = token ?? csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, query), { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) } });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'network', status: 0, code: 'network' });
  }
  if (!res.ok) {
    const problem = await problemFrom(res);
    // A proxy's 413 page is not problem+json: still say what it means.
    throw new ApiError(res.status === 413 && problem.code === 'http_413' ? { ...problem, code: 'payload_too_large' } : problem);
  }
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, query ? { query } : {}),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body: body ?? {} }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
