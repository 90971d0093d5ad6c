import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook-signature.ts';

const secret = 'whsec_test_secret';
const ts = 1_780_000_000;
const body = JSON.stringify({ id: 'd-1', event: 'incident.created', data: { incidentId: 'i-1', title: '不正アクセス' } });

describe('webhook signatures', () => {
  it('is HMAC-SHA256 over "timestamp.body", hex, prefixed with sha256=', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(signWebhook(secret, ts, body)).toBe(`sha256=${expected}`);
  });

  it('accepts its own signature', () => {
    expect(verifyWebhook(secret, ts, body, signWebhook(secret, ts, body), ts)).toBe(true);
    expect(verifyWebhook(secret, ts, body, signWebhook(secret, ts, body), ts + 299)).toBe(true);
  });

  it('rejects a tampered body', () => {
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhook(secret, ts, body.replace('i-1', 'i-2'), sig, ts)).toBe(false);
    expect(verifyWebhook(secret, ts, `${body} `, sig, ts)).toBe(false);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifyWebhook(secret, ts, body, signWebhook('another-secret', ts, body), ts)).toBe(false);
  });

  it('rejects a signature moved to another timestamp', () => {
    expect(verifyWebhook(secret, ts + 1, body, signWebhook(secret, ts, body), ts + 1)).toBe(false);
  });

  it('rejects timestamps outside the tolerance (replays and clock skew)', () => {
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhook(secret, ts, body, sig, ts + 301)).toBe(false);
    expect(verifyWebhook(secret, ts, body, sig, ts - 301)).toBe(false);
    expect(verifyWebhook(secret, ts, body, sig, ts + 301, 600)).toBe(true);
    expect(verifyWebhook(secret, ts, body, sig, ts + 61, 60)).toBe(false);
  });

  it('rejects malformed signatures without throwing', () => {
    const sig = signWebhook(secret, ts, body);
    for (const bad of ['', 'sha256=', sig.slice(0, -1), `${sig}0`, sig.replace('sha256=', 'sha1=').padEnd(sig.length, '0'), sig.toUpperCase()]) {
      expect(verifyWebhook(secret, ts, body, bad, ts)).toBe(false);
    }
  });
});
