/**
 * Password rules for local accounts (seed 002 art. 18-28: strong passwords). Length matters
 * most; a few obvious choices are refused outright. Returns message keys, empty when accepted.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const OBVIOUS = ['password', 'passw0rd', 'qwerty', '123456', 'abc123', 'letmein', 'admin', 'welcome', 'renkei', 'iloveyou'];

export type PasswordProblem = 'too_short' | 'too_long' | 'contains_email' | 'too_common' | 'too_repetitive';

export function checkPassword(password: string, email?: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) problems.push('too_short');
  if (length > MAX_PASSWORD_LENGTH) problems.push('too_long');
  const lower = password.toLowerCase();
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 3 && lower.includes(local)) problems.push('contains_email');
  if (OBVIOUS.some((w) => lower.replace(/[^a-z0-9]/g, '').startsWith(w) && lower.length < MIN_PASSWORD_LENGTH + 4)) {
    problems.push('too_common');
  }
  if (new Set(password).size < 5) problems.push('too_repetitive');
  return problems;
}

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  too_short: `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください`,
  too_long: `パスワードは${MAX_PASSWORD_LENGTH}文字以下にしてください`,
  contains_email: 'パスワードにメールアドレスを含めないでください',
  too_common: '推測されやすいパスワードは使えません',
  too_repetitive: '同じ文字の繰り返しが多すぎます',
};
