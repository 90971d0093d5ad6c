import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { errorMessage, fieldErrors, unplacedFieldErrors } from './problem.ts';

const t = ((key: string) => `t:${key}`) as unknown as TFunction;
const problem = (code: string, errors?: { path: string; message: string }[], detail = 'サーバーの説明') =>
  new ApiError({ type: `urn:renkei:problem:${code}`, title: code, status: 400, code, detail, ...(errors ? { errors } : {}) });

describe('problem+json in the UI', () => {
  it('localizes known codes and falls back to the server detail', () => {
    expect(errorMessage(t, problem('forbidden'))).toBe('t:errors.forbidden');
    expect(errorMessage(t, problem('something_new'))).toBe('サーバーの説明');
    expect(errorMessage(t, new Error('boom'))).toBe('t:errors.unknown');
  });

  it('lets a page read a code its own way', () => {
    expect(errorMessage(t, problem('unauthenticated'), { unauthenticated: 'errors.invalid_credentials' })).toBe('t:errors.invalid_credentials');
  });

  it('maps field paths to form field names', () => {
    const e = problem('validation', [
      { path: 'body.email', message: '形式が違います' },
      { path: 'code', message: '確認コードが正しくありません' },
      { path: 'body.roles.0', message: 'invalid' },
      { path: 'items.alert.created', message: 'unknown event type' },
    ]);
    expect(fieldErrors(e)).toMatchObject({ email: '形式が違います', code: '確認コードが正しくありません', roles: 'invalid' });
    expect(unplacedFieldErrors(e, ['email', 'code', 'roles'])).toEqual(['items.alert.created: unknown event type']);
  });
});
