import type { TFunction } from 'i18next';
import { ja } from '../i18n/ja.ts';
import type { MessageKey } from '../i18n/index.ts';
import { ApiError } from './api.ts';

const KNOWN_CODES = new Set(Object.keys(ja.errors));

/** Per-page reading of a code, e.g. a 401 from the sign-in form means wrong credentials. */
export type CodeMap = Partial<Record<string, MessageKey>>;

/** The localized message for an error: by problem `code`, else the server's detail. */
export function errorMessage(t: TFunction, error: unknown, codeMap: CodeMap = {}): string {
  if (error instanceof ApiError) {
    const mapped = codeMap[error.code];
    if (mapped) return t(mapped);
    if (KNOWN_CODES.has(error.code)) return t(`errors.${error.code}` as MessageKey);
    return error.problem.detail ?? t('errors.unknown');
  }
  return t('errors.unknown');
}

/** The server's own explanation, when it adds something to the localized message. */
export function errorDetail(error: unknown, codeMap: CodeMap = {}): string | undefined {
  if (!(error instanceof ApiError) || codeMap[error.code]) return undefined;
  const generic = ['validation', 'invalid_credentials', 'too_many_requests', 'network', 'csrf'];
  return generic.includes(error.code) ? undefined : error.problem.detail;
}

/**
 * Field errors keyed by the field name, so a form can write `error={fields.email}`.
 * The server names fields by path (`body.email`, `email`, `contacts.0.email`); the last
 * segment that is not a number is the form field.
 */
const LOCATIONS = new Set(['body', 'querystring', 'params']);

function fieldName(path: string): string {
  const segments = path.split(/[./]/).filter((s) => s && !LOCATIONS.has(s));
  return segments.filter((s) => !/^\d+$/.test(s)).pop() ?? path;
}

export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const fe of error.fieldErrors) out[fieldName(fe.path)] ??= fe.message;
  return out;
}

/** Field errors whose field is not among those a form shows (so they are not lost). */
export function unplacedFieldErrors(error: unknown, shown: readonly string[]): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.fieldErrors
    .filter((fe) => !shown.includes(fieldName(fe.path)))
    .map((fe) => `${fe.path.replace(/^(body|querystring|params)\./, '')}: ${fe.message}`);
}
