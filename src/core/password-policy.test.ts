import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.ts';

describe('password policy', () => {
  it('accepts a long passphrase', () => {
    expect(checkPassword('sakura-no-hana-2026', 'shinjin@sakura-tech.example')).toEqual([]);
    expect(checkPassword('春はあけぼの、やうやう白くなりゆく', 'a@b.example')).toEqual([]);
  });

  it('names every problem', () => {
    expect(checkPassword('short')).toContain('too_short');
    expect(checkPassword('taro.yamada-2026-x', 'taro.yamada@sakura-tech.example')).toContain('contains_email');
    expect(checkPassword('Password1234')).toContain('too_common');
    expect(checkPassword('aaaaaaaaaaaaaaaa')).toContain('too_repetitive');
    expect(checkPassword('x'.repeat(300))).toContain('too_long');
  });
});
