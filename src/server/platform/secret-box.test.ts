import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretBox, loadSecretBox } from './secret-box.ts';

describe('sealed secrets', () => {
  it('seals and opens, and refuses a tampered or foreign ciphertext', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('x')).not.toBe(box.seal('x'));
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(() => box.open(flipped)).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
  });

  it('creates an owner-only key file once and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-key-'));
    try {
      const sealed = loadSecretBox(undefined, dir).seal('secret');
      expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(loadSecretBox(undefined, dir).open(sealed)).toBe('secret');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
