import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  LibraryFormatError,
  citationSlug,
  exportCisoAssistantLibrary,
  mappingUrnForCitation,
  parseCisoAssistantLibrary,
  renkeiLibraryUrn,
} from './ciso-assistant.ts';
import type { Clause } from './types.ts';

// A synthetic library in the shape CISO Assistant ships (header, objects.frameworks, requirement_mapping_sets).
// The texts are invented; no standard's wording is reproduced here.
const TWO_FRAMEWORKS = `
urn: urn:example:risk:library:demo-pair
locale: en
ref_id: demo-pair
name: Demo pair
description: Two small frameworks and a mapping between them
copyright: Written for Renkei tests
version: 2
publication_date: 2025-01-15
provider: Example
packager: example
objects:
  threats:
  - urn: urn:example:risk:threat:t1
    ref_id: T1
    name: Lost laptop
  frameworks:
  - urn: urn:example:risk:framework:demo-base
    ref_id: DEMO-BASE
    name: Demo baseline
    requirement_nodes:
    - urn: urn:example:risk:req_node:demo-base:5
      assessable: false
      depth: 1
      ref_id: '5'
      name: Organisational controls
      translations:
        fr:
          name: Mesures organisationnelles
    - urn: urn:example:risk:req_node:demo-base:5.1
      assessable: true
      depth: 2
      parent_urn: urn:example:risk:req_node:demo-base:5
      ref_id: '5.1'
      name: Logging
      description: Record events
        and keep the records.
      reference_controls:
      - urn:example:risk:function:log
    - urn: URN:EXAMPLE:RISK:REQ_NODE:DEMO-BASE:5.2
      assessable: true
      depth: 2
      ref_id: '5.2'
      name: Patching
    - urn: urn:example:risk:req_node:demo-base:node4
      assessable: true
      depth: 3
      description: Apply fixes within a set time.
  - urn: urn:example:risk:framework:demo-member
    ref_id: DEMO-MEMBER
    name: Demo member rule
    requirement_nodes:
    - urn: urn:example:risk:req_node:demo-member:art32
      assessable: true
      depth: 1
      ref_id: 第32条
      name: ログの取得
      description: 技術責任者は、ログを取得する。
  requirement_mapping_sets:
  - urn: urn:example:risk:req_mapping_set:member-to-base
    ref_id: member-to-base
    name: Member -> Base
    source_framework_urn: urn:example:risk:framework:demo-member
    target_framework_urn: urn:example:risk:framework:demo-base
    requirement_mappings:
    - source_requirement_urn: urn:example:risk:req_node:demo-member:art32
      target_requirement_urn: urn:example:risk:req_node:demo-base:5.1
      relationship: subset
      rationale: semantic
      strength_of_relationship: 7
    - source_requirement_urn: urn:example:risk:req_node:demo-member:art32
      target_requirement_urn: urn:example:risk:req_node:demo-base:5.2
      relationship: not_related
      annotation: ログ vs パッチ
`;

// The older layout: one `framework` dict and a `requirement_mapping_set` dict (singular keys).
const singular = (nodes: string, mappings = '') => `
urn: urn:example:risk:library:single
locale: en
ref_id: single
name: Single
version: 1
objects:
  framework:
    urn: urn:example:risk:framework:single
    ref_id: SINGLE
    name: Single
    requirement_nodes:
${nodes}
${mappings}`;
const node = (id: string, extra = '') =>
  `    - urn: urn:example:risk:req_node:single:${id}\n      assessable: true\n      depth: 1\n      ref_id: '${id}'\n${extra}`;
const mappingSet = (mappings: string) => `  requirement_mapping_set:
    urn: urn:example:risk:req_mapping_set:single
    name: Single -> Other
    source_framework_urn: urn:example:risk:framework:single
    target_framework_urn: urn:example:risk:framework:other
    requirement_mappings:
${mappings}`;

const shape = (cs: readonly Clause[]): unknown[] =>
  cs.map((c) => ({ citation: c.citation, heading: c.heading, text: c.text, children: shape(c.children) }));

function formatError(yamlText: string): LibraryFormatError {
  try {
    parseCisoAssistantLibrary(yamlText);
  } catch (e) {
    if (e instanceof LibraryFormatError) return e;
    throw e;
  }
  throw new Error('expected a LibraryFormatError');
}

describe('parseCisoAssistantLibrary', () => {
  const lib = parseCisoAssistantLibrary(TWO_FRAMEWORKS);

  it('reads the library header', () => {
    expect(lib.library).toEqual({
      urn: 'urn:example:risk:library:demo-pair', refId: 'demo-pair', name: 'Demo pair',
      description: 'Two small frameworks and a mapping between them', version: 2, provider: 'Example',
      packager: 'example', locale: 'en', copyright: 'Written for Renkei tests',
    });
  });

  it('builds the clause tree from parent_urn, falling back to depth', () => {
    const [base, member] = lib.frameworks;
    expect(base).toMatchObject({ urn: 'urn:example:risk:framework:demo-base', refId: 'DEMO-BASE', name: 'Demo baseline' });
    expect(base!.clauses).toHaveLength(1);
    const five = base!.clauses[0]!;
    expect(five).toMatchObject({ key: 'urn:example:risk:req_node:demo-base:5', kind: 'chapter', citation: '5', heading: 'Organisational controls', line: 1 });
    expect(five.children.map((c) => c.citation)).toEqual(['5.1', '5.2']);
    // Outline kinds: the top grouping is a chapter, an assessable node with none above it the unit (subsection).
    expect(five.children[0]).toMatchObject({ kind: 'subsection', text: 'Record events and keep the records.', line: 2 });
    // 5.2 has no parent_urn but depth 2 → under 5; node4 (no ref_id, no name) → under 5.2 by depth, cited by its urn leaf.
    const patch = five.children[1]!;
    expect(patch.key).toBe('urn:example:risk:req_node:demo-base:5.2'); // urns are lowercased, as CISO Assistant does
    expect(patch.children[0]).toMatchObject({ citation: 'node4', heading: null, text: 'Apply fixes within a set time.', line: 4 });
    expect(member!.clauses[0]).toMatchObject({ citation: '第32条', heading: 'ログの取得', kind: 'subsection' });
  });

  it('reads the mapping set with relationship, rationale and strength', () => {
    expect(lib.mappingSets).toEqual([
      {
        urn: 'urn:example:risk:req_mapping_set:member-to-base', name: 'Member -> Base',
        sourceFrameworkUrn: 'urn:example:risk:framework:demo-member', targetFrameworkUrn: 'urn:example:risk:framework:demo-base',
        mappings: [
          { sourceUrn: 'urn:example:risk:req_node:demo-member:art32', targetUrn: 'urn:example:risk:req_node:demo-base:5.1', relationship: 'subset', rationale: 'semantic', strength: 7 },
          { sourceUrn: 'urn:example:risk:req_node:demo-member:art32', targetUrn: 'urn:example:risk:req_node:demo-base:5.2', relationship: 'not_related', rationale: 'ログ vs パッチ', strength: null },
        ],
      },
    ]);
  });

  it('warns about object kinds it does not import', () => {
    expect(lib.warnings).toEqual([{ path: 'objects', message: expect.stringContaining('threats') }]);
  });

  it('accepts the singular framework / requirement_mapping_set keys', () => {
    const r = parseCisoAssistantLibrary(singular(node('1') + node('2'), mappingSet(`    - source_requirement_urn: urn:example:risk:req_node:single:1
      target_requirement_urn: urn:example:risk:req_node:other:x
      relationship: EQUAL
      rationale: null`)));
    expect(r.frameworks[0]!.clauses.map((c) => c.citation)).toEqual(['1', '2']);
    expect(r.mappingSets[0]!.mappings).toEqual([
      { sourceUrn: 'urn:example:risk:req_node:single:1', targetUrn: 'urn:example:risk:req_node:other:x', relationship: 'equal', rationale: null, strength: null },
    ]);
  });
});

describe('malformed libraries', () => {
  it.each([
    ['not YAML', 'urn: [unclosed\n  name: x', /not valid YAML/],
    ['a binary / plain scalar', '\u0000\u0001PNG', /not a YAML mapping/],
    ['empty', '', /not a YAML mapping/],
  ])('%s → LibraryFormatError', (_, text, message) => {
    expect(formatError(text).message).toMatch(message);
  });

  it('missing objects', () => {
    expect(formatError('urn: urn:x:risk:library:a\nname: A\nversion: 1\n')).toMatchObject({ path: 'objects' });
  });

  it('objects with nothing Renkei can use', () => {
    expect(formatError('urn: urn:x:risk:library:a\nobjects:\n  threats: []\n').message).toMatch(/no framework and no requirement mapping set/);
  });

  it('both framework and frameworks', () => {
    const y = singular(node('1')).replace('objects:\n', 'objects:\n  frameworks: []\n');
    expect(formatError(y).message).toMatch(/both 'framework' and 'frameworks'/);
  });

  it('a node with an unknown parent', () => {
    const e = formatError(singular(node('1') + node('2', '      parent_urn: urn:example:risk:req_node:single:nope\n')));
    expect(e.path).toBe('objects.framework.requirement_nodes[1].parent_urn');
    expect(e.message).toMatch(/unknown parent urn:example:risk:req_node:single:nope/);
  });

  it('a duplicate urn (case-insensitive, as CISO Assistant lowercases)', () => {
    const dup = node('1') + node('1').replace('single:1', 'SINGLE:1');
    expect(formatError(singular(dup))).toMatchObject({ path: 'objects.framework.requirement_nodes[1].urn' });
  });

  it('a parent_urn cycle', () => {
    const a = node('a', '      parent_urn: urn:example:risk:req_node:single:b\n');
    const b = node('b', '      parent_urn: urn:example:risk:req_node:single:a\n');
    expect(formatError(singular(node('root') + a + b)).message).toMatch(/cycle/);
    expect(formatError(singular(node('self', '      parent_urn: urn:example:risk:req_node:single:self\n'))).message).toMatch(/cycle/);
  });

  it('a node without urn, and a framework without nodes', () => {
    expect(formatError(singular('    - ref_id: x\n      name: no urn\n'))).toMatchObject({ path: 'objects.framework.requirement_nodes[0].urn' });
    expect(formatError(singular('      []'))).toMatchObject({ path: 'objects.framework.requirement_nodes' });
  });

  it('a mapping set without its framework urns', () => {
    const y = singular(node('1'), mappingSet('      []').replace(/    source_framework_urn.*\n/, ''));
    expect(formatError(y)).toMatchObject({ path: 'objects.requirement_mapping_set.source_framework_urn' });
  });

  it('skips bad mappings with a warning and keeps the rest', () => {
    const mk = (src: string, tgt: string, rel: string) =>
      `    - source_requirement_urn: ${src}\n      target_requirement_urn: ${tgt}\n      relationship: ${rel}\n`;
    const S = 'urn:example:risk:req_node:single:';
    const y = singular(node('1') + node('2'), mappingSet(
      mk(`${S}1`, 'urn:o:x', 'equal') + mk(`${S}2`, 'urn:o:y', 'equals') + mk(`${S}2`, 'urn:o:y', 'null') +
      mk(`${S}9`, 'urn:o:z', 'subset') + mk(`${S}1`, 'urn:o:x', 'superset') + '    - just text\n' +
      mk(`${S}1`, 'urn:o:x', 'equal') + mk(`${S}1`, 'urn:o:x', 'equal'),
    ));
    const r = parseCisoAssistantLibrary(y);
    expect(r.mappingSets[0]!.mappings.map((m) => [m.targetUrn, m.relationship])).toEqual([['urn:o:x', 'equal']]);
    expect(r.warnings.map((w) => w.path)).toEqual([
      'objects.requirement_mapping_set.requirement_mappings[1].relationship',
      'objects.requirement_mapping_set.requirement_mappings[2].relationship',
      'objects.requirement_mapping_set.requirement_mappings[3].source_requirement_urn',
      'objects.requirement_mapping_set.requirement_mappings[4]',
      'objects.requirement_mapping_set.requirement_mappings[5]',
      'objects.requirement_mapping_set.requirement_mappings',
    ]);
    expect(r.warnings[3]!.message).toMatch(/already mapped as 'equal', not 'superset'/);
    expect(r.warnings[5]!.message).toBe('2 repeated mapping(s) ignored');
  });

  it('a depth with no parent above it is placed at the top level with a warning', () => {
    const r = parseCisoAssistantLibrary(singular(node('1').replace('depth: 1', 'depth: 3')));
    expect(r.frameworks[0]!.clauses.map((c) => c.citation)).toEqual(['1']);
    expect(r.warnings[0]!.path).toBe('objects.framework.requirement_nodes[0]');
  });
});

const clause = (citation: string, heading: string | null, text: string, children: Clause[] = []): Clause => ({
  key: citation, kind: 'article', label: citation, citation, heading, text, line: 1, children,
});

describe('exportCisoAssistantLibrary', () => {
  const tree = [
    clause('第1章', '総則', '', [
      clause('第1条', '趣旨', 'この規程は、情報システムの運用について定める。'),
      clause('第2条', 'yes', 'on', [clause('第2条第1項', null, '技術責任者は、ログを取得する。'), clause('第2条第2項', null, '2024-01-01')]),
    ]),
    clause('附則', null, 'この規程は、令和6年4月1日から施行する。'),
    clause('附則', null, 'この規程は、令和7年4月1日から施行する。'),
  ];
  const urn = renkeiLibraryUrn('univ-a-security');
  const fw = 'urn:renkei:risk:framework:univ-a-security';
  const iso = 'urn:intuitem:risk:framework:iso27001-2022';
  const input = {
    urn, refId: 'UNIV-A-SEC', name: 'A大学 情報セキュリティ規程', locale: 'ja' as const, provider: 'A大学', version: 3, clauses: tree,
    mappings: {
      sourceFrameworkUrn: fw, targetFrameworkUrn: iso,
      mappings: [
        { sourceUrn: mappingUrnForCitation(fw, '第2条第1項'), targetUrn: mappingUrnForCitation(iso, 'A.8.15'), relationship: 'subset' as const, rationale: '共通語: ログ, 取得' },
        { sourceUrn: mappingUrnForCitation(fw, '第1条'), targetUrn: mappingUrnForCitation(iso, '5.2'), relationship: 'intersect' as const, rationale: 'semantic' },
        { sourceUrn: mappingUrnForCitation(fw, '附則'), targetUrn: mappingUrnForCitation(iso, '4.1'), relationship: 'not_related' as const },
      ],
    },
  };
  const out = exportCisoAssistantLibrary(input);
  const raw = parse(out, { version: '1.1' });

  it('writes the header and node fields CISO Assistant reads', () => {
    expect(raw).toMatchObject({ urn: 'urn:renkei:risk:library:univ-a-security', locale: 'ja', ref_id: 'UNIV-A-SEC', version: 3, provider: 'A大学', packager: 'renkei', dependencies: ['urn:intuitem:risk:library:iso27001-2022'] });
    const nodes = raw.objects.framework.requirement_nodes;
    expect(nodes[0]).toEqual({ urn: `${fw.replace(':framework:', ':req_node:')}:ch1`, assessable: false, depth: 1, ref_id: '第1章', name: '総則' });
    expect(nodes[3]).toEqual({ urn: 'urn:renkei:risk:req_node:univ-a-security:art2-p1', assessable: true, depth: 3, parent_urn: 'urn:renkei:risk:req_node:univ-a-security:art2', ref_id: '第2条第1項', description: '技術責任者は、ログを取得する。' });
    expect(nodes.map((n: { urn: string }) => n.urn.slice(n.urn.lastIndexOf(':') + 1))).toEqual(['ch1', 'art1', 'art2', 'art2-p1', 'art2-p2', 'suppl', 'suppl-2']);
    for (const n of nodes) expect(n.urn).toMatch(/^urn:[a-z0-9_-]+:[a-z0-9_-]+:[a-z0-9_-]+:[0-9a-z[\]().\-_:]+$/);
  });

  it('quotes strings PyYAML (YAML 1.1) would read as other types', () => {
    expect(out).toContain('name: "yes"');
    expect(out).toContain('description: "on"');
    expect(out).toContain('description: "2024-01-01"');
  });

  it('puts free-text rationale in annotation, the CISO Assistant choices in rationale', () => {
    const maps = raw.objects.requirement_mapping_sets[0].requirement_mappings;
    expect(maps[0]).toEqual({ source_requirement_urn: 'urn:renkei:risk:req_node:univ-a-security:art2-p1', target_requirement_urn: 'urn:intuitem:risk:req_node:iso27001-2022:a.8.15', relationship: 'subset', annotation: '共通語: ログ, 取得' });
    expect(maps[1].rationale).toBe('semantic');
    expect(maps[2]).not.toHaveProperty('annotation');
  });

  it('round-trips: export → parse gives the same tree and mappings', () => {
    const back = parseCisoAssistantLibrary(out);
    expect(back.warnings).toEqual([]);
    expect(back.library).toMatchObject({ urn, refId: 'UNIV-A-SEC', version: 3, locale: 'ja', provider: 'A大学' });
    expect(back.frameworks).toHaveLength(1);
    expect(back.frameworks[0]!.urn).toBe(fw);
    expect(shape(back.frameworks[0]!.clauses)).toEqual(shape(tree));
    expect(back.frameworks[0]!.clauses[0]!.children[0]!.key).toBe(mappingUrnForCitation(fw, '第1条'));
    expect(back.mappingSets[0]).toMatchObject({ sourceFrameworkUrn: fw, targetFrameworkUrn: iso });
    expect(back.mappingSets[0]!.mappings.map(({ strength: _, ...m }) => m)).toEqual(
      input.mappings.mappings.map((m) => ({ ...m, rationale: m.rationale ?? null })),
    );
    // and exporting what was read back gives the same YAML
    const again = exportCisoAssistantLibrary({ ...input, clauses: back.frameworks[0]!.clauses });
    expect(again).toBe(out);
  });

  it('writes a mapping-only library when there are no clauses (CISO Assistant ships mappings that way)', () => {
    const only = exportCisoAssistantLibrary({ ...input, urn: renkeiLibraryUrn('mapping-univ-a-security-to-iso27001-2022'), clauses: [] });
    const y = parse(only, { version: '1.1' });
    expect(Object.keys(y.objects)).toEqual(['requirement_mapping_sets']);
    expect(y.dependencies).toEqual([urn, 'urn:intuitem:risk:library:iso27001-2022']);
    const back = parseCisoAssistantLibrary(only);
    expect(back.frameworks).toEqual([]);
    expect(back.mappingSets[0]!.mappings).toHaveLength(3);
  });

  it('refuses a bad library urn, an empty tree and an unknown relationship', () => {
    expect(() => exportCisoAssistantLibrary({ ...input, urn: 'renkei-univ-a' })).toThrow(/library urn/);
    expect(() => exportCisoAssistantLibrary({ ...input, clauses: [], mappings: undefined })).toThrow(/empty/);
    const bad = { ...input.mappings, mappings: [{ ...input.mappings.mappings[0]!, relationship: 'equals' as never }] };
    expect(() => exportCisoAssistantLibrary({ ...input, mappings: bad })).toThrow(/relationship 'equals'/);
  });
});

describe('citation URNs', () => {
  it.each([
    ['第32条第3項第1号', 'art32-p3-i1'],
    ['第3条の2', 'art3-2'],
    ['附則第2条', 'suppl-art2'],
    ['別表第1', 'table-1'],
    ['7.1.4(2)②(a)', '7.1.4(2)[2](a)'],
    ['７．１．４', '7.1.4'],
    ['A.5.1', 'a.5.1'],
  ])('%s → %s', (citation, slug) => {
    expect(citationSlug(citation)).toBe(slug);
  });

  it('keeps citations with kana or kanji numerals distinct with a hash', () => {
    const a = citationSlug('7.1.4(2)②(a)ア');
    const b = citationSlug('7.1.4(2)②(a)イ');
    expect(a).toMatch(/^7\.1\.4\(2\)\[2\]\(a\)-h[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(citationSlug('第三十二条')).toMatch(/^h[0-9a-f]{8}$/);
  });

  it('follows the CISO Assistant node urn convention', () => {
    expect(mappingUrnForCitation('urn:intuitem:risk:framework:iso27001-2022', 'A.5.1')).toBe('urn:intuitem:risk:req_node:iso27001-2022:a.5.1');
  });
});
