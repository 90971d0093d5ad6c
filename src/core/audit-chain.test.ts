import { describe, expect, it } from 'vitest';
import { type AuditEntryContent, AuditChainVerifier, GENESIS_HASH, auditEntryHash, diffRecords } from './audit-chain.ts';
import { canonicalJson } from './canonical-json.ts';

function chain(n: number) {
  const rows: (AuditEntryContent & { prevHash: string; hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content: AuditEntryContent = {
      seq, at: `2026-11-24T00:00:0${seq % 10}.000Z`, actorUserId: 'u1', actorLabel: 'admin@sakura-tech.example', institutionId: 'i1',
      ip: '192.0.2.1', action: 'user.roles', objectType: 'user', objectId: `u${seq}`, changes: { roles: { from: [], to: ['staff'] } },
    };
    const hash = auditEntryHash(prev, content);
    rows.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

const verify = (rows: ReturnType<typeof chain>) => {
  const v = new AuditChainVerifier();
  for (const r of rows) {
    const broken = v.next(r);
    if (broken) return broken;
  }
  return null;
};

describe('audit hash chain', () => {
  it('accepts an intact chain', () => {
    expect(verify(chain(5))).toBeNull();
  });

  it('finds an edited entry', () => {
    const rows = chain(5);
    rows[2]!.changes = { roles: { from: [], to: ['admin'] } };
    expect(verify(rows)).toMatchObject({ seq: 3, reason: 'hash-mismatch' });
  });

  it('finds an entry whose hash was recomputed to hide an edit, at the next link', () => {
    const rows = chain(5);
    rows[1]!.actorLabel = 'someone@else.example';
    rows[1]!.hash = auditEntryHash(rows[1]!.prevHash, { ...rows[1]!, prevHash: undefined, hash: undefined } as unknown as AuditEntryContent);
    expect(verify(rows)).toMatchObject({ seq: 3, reason: 'prev-mismatch' });
  });

  it('finds a removed entry and a reordering', () => {
    const rows = chain(5);
    expect(verify([rows[0]!, rows[1]!, rows[3]!, rows[4]!])).toMatchObject({ seq: 4, reason: 'gap' });
    expect(verify([rows[0]!, rows[2]!, rows[1]!])).toMatchObject({ seq: 3, reason: 'gap' });
  });

  it('hashes the same content the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('diffs two records field by field', () => {
    expect(diffRecords({ a: 1, b: 'x', c: [1] }, { a: 1, b: 'y', d: true })).toEqual({
      b: { from: 'x', to: 'y' },
      c: { from: [1], to: null },
      d: { from: null, to: true },
    });
  });
});
