import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** Random bearer secrets (session cookies, invitation links, API tokens) are stored only as SHA-256. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const newId = (): string => randomUUID();
