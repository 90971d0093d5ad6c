import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMispEvent } from '../intel/misp.ts';
import { parseStixBundle } from '../intel/stix.ts';
import { compileProfile, proposeRedactions } from '../redaction/index.ts';
import {
  MIN_CONTRIBUTORS, type PublishedReport, type Reader, SharingInputError, TLP2_MARKING_IDS, contributorCounts, exportAllowed, findLeaks,
  parseTlpLabel, redactedText, similarReports, tlpAllows, tlpMarkingDefinition, toMispEvent, toStixBundle,
} from './index.ts';

const TLP_FILE = path.resolve(import.meta.dirname, '../../../../shared/fixtures/stix/tlp2-marking-definitions.json');
const haveTlp = fs.existsSync(TLP_FILE);

const reader = (institutionId: string, roles: Reader['roles'], kind: Reader['institutionKind'] = 'member'): Reader =>
  ({ userId: `u-${institutionId}-${roles.join('')}`, institutionId, institutionKind: kind, roles });
const report = (tlp: PublishedReport['tlp'], recipients: string[] = []) => ({ tlp, originInstitutionId: 'origin', recipients });

describe('TLP 2.0 inside the consortium', () => {
  const staff = reader('other', ['csirt']);
  const member = reader('other', []);
  const operator = reader('op', ['operator'], 'operator');
  const originStaff = reader('origin', ['ciso']);
  const originMember = reader('origin', []);

  it('CLEAR and GREEN: every signed-in member', () => {
    for (const t of ['CLEAR', 'GREEN'] as const) {
      expect(tlpAllows(member, report(t))).toBe(true);
      expect(tlpAllows(staff, report(t))).toBe(true);
    }
    expect(tlpAllows({ userId: null, institutionId: null, institutionKind: null, roles: [] }, report('CLEAR'))).toBe(false);
  });
  it('AMBER and AMBER+STRICT: security staff of members and the operator', () => {
    for (const t of ['AMBER', 'AMBER+STRICT'] as const) {
      expect(tlpAllows(member, report(t))).toBe(false);
      expect(tlpAllows(staff, report(t))).toBe(true);
      expect(tlpAllows(operator, report(t))).toBe(true);
    }
  });
  it('RED: named recipients, the operator and the originator only', () => {
    expect(tlpAllows(staff, report('RED'))).toBe(false);
    expect(tlpAllows(staff, report('RED', ['other']))).toBe(true);
    expect(tlpAllows(member, report('RED', ['other']))).toBe(false);
    expect(tlpAllows(operator, report('RED'))).toBe(true);
    expect(tlpAllows(originStaff, report('RED'))).toBe(true);
  });
  it('the originator: its security staff, not every employee', () => {
    expect(tlpAllows(originMember, report('GREEN'))).toBe(false);
    expect(tlpAllows(originStaff, report('GREEN'))).toBe(true);
  });
  it('exports: CLEAR, GREEN, AMBER only', () => {
    expect(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'].map((t) => exportAllowed(t as never))).toEqual([true, true, true, false, false]);
  });
  it('parses labels and refuses others with a Japanese message first', () => {
    expect(parseTlpLabel('amber+strict')).toBe('AMBER+STRICT');
    expect(() => parseTlpLabel('WHITE-ish')).toThrow(/^TLP は/);
    expect(() => parseTlpLabel(3)).toThrow(SharingInputError);
  });
});

describe('threshold for statements about several members', () => {
  it(`suppresses everything below ${MIN_CONTRIBUTORS} contributors`, () => {
    expect(MIN_CONTRIBUTORS).toBe(3);
    expect(contributorCounts([{ key: 'phishing', institutionId: 'a' }, { key: 'phishing', institutionId: 'b' }])).toEqual({ contributors: 0, suppressed: true });
  });
  it('folds categories with fewer than three contributors into other', () => {
    const rows = ['a', 'b', 'c'].map((i) => ({ key: 'phishing', institutionId: i })).concat([{ key: 'ransomware', institutionId: 'a' }]);
    expect(contributorCounts(rows)).toEqual({ contributors: 3, suppressed: false, counts: { phishing: 3 }, other: 1 });
  });
});

describe('redaction review', () => {
  const text = '東和大学情報基盤センターの山田太郎 (yamada@towa-u.example) が 192.0.2.10 からの通信を確認。';
  const profile = compileProfile({ name: '東和大学', aliases: ['Towa University'], domains: ['towa-u.example'], prefixes: ['192.0.2.0/24'] });
  const proposals = proposeRedactions(text, profile, { directory: { names: ['山田太郎'], emails: ['yamada@towa-u.example'] } });

  it('publishes accepted proposals and added spans only', () => {
    expect(proposals.length).toBeGreaterThan(0);
    const all = redactedText(text, proposals, { accepted: proposals.map(() => true), extra: [] });
    expect(findLeaks(all, ['東和大学', '山田太郎', 'yamada@towa-u.example', '192.0.2.10'])).toEqual([]);
    const ipIndex = proposals.findIndex((p) => p.kind === 'ip');
    const keepIp = redactedText(text, proposals, { accepted: proposals.map((_, i) => i !== ipIndex), extra: [] });
    expect(keepIp).toContain('192.0.2.10');
    const start = text.indexOf('情報基盤センター');
    const extra = redactedText(text, proposals, { accepted: proposals.map(() => true), extra: [{ start, end: start + 8, kind: 'institution' }] });
    expect(extra).not.toContain('情報基盤センター');
  });
  it('refuses undecided proposals and spans outside the text', () => {
    expect(() => redactedText(text, proposals, { accepted: [], extra: [] })).toThrow(/すべての提案/);
    expect(() => redactedText(text, proposals, { accepted: proposals.map(() => true), extra: [{ start: 0, end: 9999, kind: 'person' }] })).toThrow(/本文の外/);
  });
  it('refuses added spans that overlap one another (covering a proposal is fine)', () => {
    const accepted = proposals.map(() => true);
    expect(() => redactedText(text, proposals, { accepted, extra: [{ start: 4, end: 10, kind: 'institution' }, { start: 8, end: 12, kind: 'institution' }] })).toThrow(/重なっています/);
    expect(redactedText(text, proposals, { accepted, extra: [{ start: 4, end: 8, kind: 'institution' }, { start: 8, end: 12, kind: 'institution' }] })).not.toContain('情報基盤');
    expect(redactedText(text, proposals, { accepted, extra: [{ start: 0, end: 6, kind: 'institution' }] })).not.toContain('東和');
  });
});

describe('similar reports', () => {
  const base = { category: 'phishing', cves: [], products: [], indicators: [] };
  it('ranks CVE overlap above product and category, ignores category alone', () => {
    const target = { ...base, id: 't', cves: ['CVE-2026-1234'], products: ['FortiOS 7.2'] };
    const got = similarReports(target, [
      { ...base, id: 'a' },
      { ...base, id: 'b', products: ['fortios 7.2'] },
      { ...base, id: 'c', cves: ['CVE-2026-1234'] },
      target,
    ]);
    expect(got.map((x) => x.report.id)).toEqual(['c', 'b']);
  });
});

describe('exports', () => {
  const published: PublishedReport = {
    id: 'shr_0001', title: 'VPN 装置の脆弱性を突いた侵入', summary: '認証前の脆弱性を悪用', body: '[機関名] の VPN 装置に 203.0.113.5 から侵入。',
    category: 'intrusion', products: ['FortiOS 7.2'], cves: ['CVE-2026-1234'],
    indicators: [{ type: 'ipv4', value: '203.0.113.5' }, { type: 'domain', value: 'evil.example' }],
    tlp: 'AMBER', occurredAt: '2026-11-20T01:00:00.000Z', publishedAt: '2026-11-24T03:00:00.000Z', disclosedOriginator: null,
  };
  const consortium = { name: 'Renkei consortium', uuid: '5f1c0b9e-0000-4000-8000-000000000001' };

  it('MISP: tlp and tlp:ex:chr tags, the consortium as organisation, readable by the MISP importer', () => {
    const ev = toMispEvent(published, consortium);
    const tags = (ev.Event.Tag as { name: string }[]).map((t) => t.name);
    expect(tags).toContain('tlp:amber');
    expect(tags).toContain('tlp:ex:chr');
    expect(ev.Event.Orgc).toEqual(consortium);
    const back = parseMispEvent(ev);
    expect(back.indicators.map((i) => [i.type, i.value, i.tlp])).toEqual([['ipv4', '203.0.113.5', 'AMBER'], ['domain', 'evil.example', 'AMBER']]);
    expect(JSON.stringify(toMispEvent(published, consortium))).toBe(JSON.stringify(ev));
  });
  it('STIX: marking definition in the bundle, no created_by_ref, readable by the STIX importer', () => {
    const b = toStixBundle(published) as { objects: Record<string, unknown>[] };
    expect(b.objects[0]).toEqual(tlpMarkingDefinition('AMBER'));
    expect(JSON.stringify(b)).not.toContain('created_by_ref');
    expect(b.objects.every((o) => o.type === 'marking-definition' || (o.object_marking_refs as string[])[0] === TLP2_MARKING_IDS.AMBER)).toBe(true);
    const back = parseStixBundle(b);
    expect(back.indicators.map((i) => [i.value, i.tlp])).toEqual([['203.0.113.5', 'AMBER'], ['evil.example', 'AMBER']]);
  });
  it('refuses AMBER+STRICT and RED exports', () => {
    expect(() => toStixBundle({ ...published, tlp: 'AMBER+STRICT' })).toThrow(/書き出せません/);
    expect(() => toMispEvent({ ...published, tlp: 'RED' }, consortium)).toThrow(SharingInputError);
  });
  it.skipIf(!haveTlp)('uses the real TLP 2.0 marking ids and object shape (../shared/fixtures/stix)', () => {
    const f = JSON.parse(fs.readFileSync(TLP_FILE, 'utf8')) as { markings: Record<string, string>; example_object: unknown };
    for (const [k, id] of Object.entries(f.markings)) expect(TLP2_MARKING_IDS[k.toUpperCase() as 'RED']).toBe(id);
    expect(tlpMarkingDefinition('AMBER+STRICT')).toEqual(f.example_object);
  });
});

describe('leak scanner', () => {
  it('folds case and width', () => {
    expect(findLeaks('報告: ＴＯＷＡ-U.EXAMPLE', ['towa-u.example', 'x'])).toEqual(['towa-u.example']);
  });
});
