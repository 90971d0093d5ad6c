/**
 * CISO Assistant library YAML (github.com/intuitem/ciso-assistant-community, backend/library/libraries):
 * read frameworks and requirement mapping sets into Renkei clause trees, and write a Renkei clause
 * tree (plus optional mappings) as a library CISO Assistant can load. Pure: text in, data out.
 * Field-by-field description and error policy: docs/formats/ciso-assistant.md.
 */
import { parseDocument, stringify } from 'yaml';
import { type Clause, walkClauses } from './types.ts';

export const RELATIONSHIPS = ['equal', 'subset', 'superset', 'intersect', 'not_related'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
/** The only values CISO Assistant stores in `rationale` (a 20-character choice field); free text goes to `annotation`. */
const RATIONALE_CHOICES = new Set(['syntactic', 'semantic', 'functional']);

/** A library that cannot be imported; `path` points into the YAML (e.g. `objects.framework.requirement_nodes[3].parent_urn`). */
export class LibraryFormatError extends Error {
  constructor(readonly path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'LibraryFormatError';
  }
}

export interface LibraryWarning { path: string; message: string }
export interface LibraryHeader {
  urn: string; refId: string | null; name: string; description: string | null; version: number | null;
  provider: string | null; packager: string | null; locale: string; copyright: string | null;
}
export interface ImportedFramework { urn: string; refId: string; name: string; description: string | null; clauses: Clause[] }
export interface ImportedMapping {
  sourceUrn: string;
  targetUrn: string;
  relationship: Relationship;
  /** `annotation` if the mapping has one (free text), else `rationale` (syntactic / semantic / functional), else null. */
  rationale: string | null;
  /** `strength_of_relationship` (0–10) when given. */
  strength: number | null;
}
export interface ImportedMappingSet { urn: string; name: string; sourceFrameworkUrn: string; targetFrameworkUrn: string; mappings: ImportedMapping[] }
export interface ParsedCisoLibrary { library: LibraryHeader; frameworks: ImportedFramework[]; mappingSets: ImportedMappingSet[]; warnings: LibraryWarning[] }

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
/** Scalars as CISO Assistant (PyYAML, YAML 1.1) would turn them into text; null for missing, empty or non-scalar. */
function text(v: unknown): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}
const normalise = (s: string | null): string => (s ?? '').replace(/\s+/g, ' ').trim();
const lowerUrn = (v: unknown): string | null => text(v)?.toLowerCase() ?? null;

/** The objects that may hold one dict (deprecated singular key) or a list (plural key); both at once is an error, as in CISO Assistant. */
function objectList(objects: Dict, singular: string, plural: string): { path: string; value: unknown }[] {
  if (singular in objects && plural in objects) throw new LibraryFormatError('objects', `has both '${singular}' and '${plural}'`);
  if (singular in objects) return [{ path: `objects.${singular}`, value: objects[singular] }];
  const list = objects[plural];
  if (list === undefined) return [];
  if (isDict(list)) return [{ path: `objects.${plural}`, value: list }];
  if (!Array.isArray(list)) throw new LibraryFormatError(`objects.${plural}`, 'must be a list');
  return list.map((value, i) => ({ path: `objects.${plural}[${i}]`, value }));
}

function required(d: Dict, key: string, path: string): string {
  const v = text(d[key]);
  if (v === null) throw new LibraryFormatError(`${path}.${key}`, 'is missing');
  return v;
}

/**
 * Parse a CISO Assistant library. Throws LibraryFormatError when the library cannot be imported
 * (not YAML, no `objects`, nothing Renkei can use, a framework whose tree is broken). Skips with a
 * warning what can be left out without changing the rest (single bad mappings, object kinds
 * Renkei does not use, a `depth` with no preceding parent).
 */
export function parseCisoAssistantLibrary(yamlText: string): ParsedCisoLibrary {
  const doc = parseDocument(yamlText, { version: '1.1', uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const at = syntax.linePos?.[0];
    throw new LibraryFormatError(at ? `line ${at.line}` : '', `not valid YAML: ${syntax.message.split('\n')[0]}`);
  }
  const root: unknown = doc.toJS({ maxAliasCount: 100 });
  if (!isDict(root)) throw new LibraryFormatError('', 'not a CISO Assistant library (the document is not a YAML mapping)');
  const urn = lowerUrn(root.urn);
  if (!urn) throw new LibraryFormatError('urn', 'is missing');
  const objects = root.objects;
  if (!isDict(objects)) throw new LibraryFormatError('objects', 'is missing or not a mapping');

  const warnings: LibraryWarning[] = [];
  const warn = (path: string, message: string) => warnings.push({ path, message });
  const name = text(root.name) ?? text(root.ref_id) ?? urn;
  if (text(root.name) === null) warn('name', 'missing; using ref_id or urn');
  const version = Number(text(root.version) ?? NaN);
  const library: LibraryHeader = {
    urn, refId: text(root.ref_id), name, description: text(root.description), version: Number.isFinite(version) ? version : null,
    provider: text(root.provider), packager: text(root.packager), locale: text(root.locale) ?? 'en', copyright: text(root.copyright),
  };

  const used = ['framework', 'frameworks', 'requirement_mapping_set', 'requirement_mapping_sets'];
  const ignored = Object.keys(objects).filter((k) => !used.includes(k));
  if (ignored.length) warn('objects', `not imported (Renkei reads frameworks and mapping sets only): ${ignored.join(', ')}`);

  const frameworks = objectList(objects, 'framework', 'frameworks').map(({ path, value }) => parseFramework(value, path, warn));
  const nodeUrns = new Map(frameworks.map((f) => [f.urn, new Set(Array.from(walkClauses(f.clauses), (w) => w.clause.key))]));
  const mappingSets = objectList(objects, 'requirement_mapping_set', 'requirement_mapping_sets').map(({ path, value }) =>
    parseMappingSet(value, path, nodeUrns, warn),
  );
  if (!frameworks.length && !mappingSets.length) throw new LibraryFormatError('objects', 'contains no framework and no requirement mapping set');
  return { library, frameworks, mappingSets, warnings };
}

function parseFramework(value: unknown, path: string, warn: (path: string, message: string) => void): ImportedFramework {
  if (!isDict(value)) throw new LibraryFormatError(path, 'must be a mapping');
  const urn = required(value, 'urn', path).toLowerCase();
  const refId = text(value.ref_id) ?? text(value.name) ?? urn;
  if (text(value.ref_id) === null) warn(`${path}.ref_id`, 'missing; using name or urn');
  const rawNodes = value.requirement_nodes;
  if (!Array.isArray(rawNodes) || rawNodes.length === 0) throw new LibraryFormatError(`${path}.requirement_nodes`, 'is missing or empty');

  interface Entry { clause: Clause; parent: string | null; parentPath: string }
  const entries = new Map<string, Entry>();
  const lastAtDepth: string[] = [];
  rawNodes.forEach((raw, i) => {
    const at = `${path}.requirement_nodes[${i}]`;
    if (!isDict(raw)) throw new LibraryFormatError(at, 'must be a mapping');
    const nodeUrn = required(raw, 'urn', at).toLowerCase();
    if (entries.has(nodeUrn)) throw new LibraryFormatError(`${at}.urn`, `duplicate urn ${nodeUrn}`);
    const depth = Number(text(raw.depth) ?? 1);
    let parent = lowerUrn(raw.parent_urn);
    if (parent === null && depth > 1) {
      // No parent_urn: the node hangs under the nearest preceding node one level up (as the Excel converter does).
      parent = lastAtDepth[depth - 1] ?? null;
      if (parent === null) warn(at, `depth ${depth} without parent_urn and no preceding node at depth ${depth - 1}; placed at the top level`);
    }
    if (Number.isInteger(depth) && depth > 0) {
      lastAtDepth[depth] = nodeUrn;
      lastAtDepth.length = depth + 1;
    }
    const refIdOf = text(raw.ref_id);
    const heading = text(raw.name);
    const citation = refIdOf ?? heading ?? nodeUrn.slice(nodeUrn.lastIndexOf(':') + 1);
    const kind = raw.assessable === true ? 'item' : 'section'; // assessable requirement vs grouping node
    const clause: Clause = { key: nodeUrn, kind, label: refIdOf ?? citation, citation, heading, text: normalise(text(raw.description)), line: i + 1, children: [] };
    entries.set(nodeUrn, { clause, parent, parentPath: `${at}.parent_urn` });
  });

  // Every parent must exist and every chain must reach the top level.
  const rooted = new Set<string>();
  for (const [nodeUrn, start] of entries) {
    const chain: string[] = [];
    for (let cur: string | null = nodeUrn; cur !== null && !rooted.has(cur); ) {
      if (chain.includes(cur)) throw new LibraryFormatError(start.parentPath, `parent_urn cycle: ${[...chain, cur].join(' -> ')}`);
      chain.push(cur);
      const { parent, parentPath }: Entry = entries.get(cur)!;
      if (parent !== null && !entries.has(parent)) throw new LibraryFormatError(parentPath, `unknown parent ${parent}`);
      cur = parent;
    }
    for (const u of chain) rooted.add(u);
  }
  const clauses: Clause[] = [];
  for (const { clause, parent } of entries.values()) (parent === null ? clauses : entries.get(parent)!.clause.children).push(clause);
  assignOutlineKinds(clauses, 0, false);
  return { urn, refId, name: text(value.name) ?? refId, description: text(value.description), clauses };
}

/**
 * Gives library nodes the kinds of an outline-form standard, so the matcher and the coverage
 * report treat a library like any baseline: top grouping nodes are chapters (ISO "A.5"),
 * other groupings sections, and an assessable requirement with no assessable node above it is
 * the unit of comparison (a 'subsection', like 7.1.4); requirements under it are items.
 */
function assignOutlineKinds(clauses: Clause[], depth: number, underRequirement: boolean): void {
  for (const c of clauses) {
    const assessable = c.kind === 'item';
    c.kind = assessable ? (underRequirement ? 'item' : 'subsection') : depth === 0 ? 'chapter' : 'section';
    assignOutlineKinds(c.children, depth + 1, underRequirement || assessable);
  }
}

function parseMappingSet(
  value: unknown,
  path: string,
  nodeUrns: Map<string, Set<string>>,
  warn: (path: string, message: string) => void,
): ImportedMappingSet {
  if (!isDict(value)) throw new LibraryFormatError(path, 'must be a mapping');
  const urn = required(value, 'urn', path).toLowerCase();
  const sourceFrameworkUrn = required(value, 'source_framework_urn', path).toLowerCase();
  const targetFrameworkUrn = required(value, 'target_framework_urn', path).toLowerCase();
  const raw = value.requirement_mappings ?? [];
  if (!Array.isArray(raw)) throw new LibraryFormatError(`${path}.requirement_mappings`, 'must be a list');
  if (raw.length === 0) warn(`${path}.requirement_mappings`, 'no mappings');
  const mappings: ImportedMapping[] = [];
  const seen = new Map<string, Relationship>();
  let repeats = 0;
  raw.forEach((m, i) => {
    const at = `${path}.requirement_mappings[${i}]`;
    if (!isDict(m)) return warn(at, 'skipped: not a mapping');
    const sourceUrn = lowerUrn(m.source_requirement_urn);
    const targetUrn = lowerUrn(m.target_requirement_urn);
    if (!sourceUrn || !targetUrn) return warn(at, 'skipped: source_requirement_urn or target_requirement_urn missing');
    const relationship = text(m.relationship)?.toLowerCase();
    if (!RELATIONSHIPS.includes(relationship as Relationship)) {
      return warn(`${at}.relationship`, `skipped: relationship '${String(m.relationship)}' is not one of ${RELATIONSHIPS.join(', ')}`);
    }
    // Only checkable when the framework is in this same library; otherwise it lives in a dependency.
    for (const [fw, node, key] of [[sourceFrameworkUrn, sourceUrn, 'source'], [targetFrameworkUrn, targetUrn, 'target']] as const) {
      const known = nodeUrns.get(fw);
      if (known && !known.has(node)) return warn(`${at}.${key}_requirement_urn`, `skipped: ${node} is not a node of ${fw}`);
    }
    const pair = `${sourceUrn} ${targetUrn}`;
    const earlier = seen.get(pair);
    if (earlier === relationship) return void repeats++; // exact repeats are common in published mapping sets
    if (earlier) return warn(at, `skipped: ${sourceUrn} -> ${targetUrn} is already mapped as '${earlier}', not '${relationship}'`);
    seen.set(pair, relationship as Relationship);
    const strength = Number(text(m.strength_of_relationship) ?? NaN);
    mappings.push({
      sourceUrn,
      targetUrn,
      relationship: relationship as Relationship,
      rationale: text(m.annotation) ?? text(m.rationale),
      strength: Number.isFinite(strength) ? strength : null,
    });
  });
  if (repeats) warn(`${path}.requirement_mappings`, `${repeats} repeated mapping(s) ignored`);
  return { urn, name: text(value.name) ?? text(value.ref_id) ?? urn, sourceFrameworkUrn, targetFrameworkUrn, mappings };
}

// ---------------------------------------------------------------------------------------------
// Export

const UNIT: Record<string, string> = { 章: 'ch', 節: 'sec', 款: 'sub', 条: 'art', 項: 'p', 号: 'i' };
const WORDS: [RegExp, string][] = [[/附則/g, '-suppl-'], [/別表/g, '-table-'], [/別紙/g, '-annex-'], [/様式/g, '-form-']];

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (const ch of s) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The last URN segment for a citation, in the characters CISO Assistant allows ([0-9a-z[]().-_]):
 * 第32条第3項第1号 → art32-p3-i1, 第3条の2 → art3-2, 附則 → suppl, 7.1.4(2)②(a) → 7.1.4(2)[2](a),
 * A.5.1 → a.5.1 (CISO Assistant's own convention: lowercased ref_id). Text that cannot be spelled in
 * ASCII (kana, kanji numerals) is dropped and an 8-hex-digit hash of the whole citation keeps it unique.
 */
export function citationSlug(citation: string): string {
  let s = citation.replace(/[\u2460-\u2473]/g, (c) => `[${c.charCodeAt(0) - 0x245f}]`).normalize('NFKC');
  s = s.replace(/第(\d+)(章|節|款|条|項|号)/g, (_, n: string, u: string) => `-${UNIT[u]}${n}-`).replace(/の(\d+)/g, '-$1').replace(/第(\d+)/g, '$1');
  for (const [re, word] of WORDS) s = s.replace(re, word);
  s = s.toLowerCase();
  const lossy = /[^\x20-\x7e]/.test(s);
  const ascii = s.replace(/[^0-9a-z[\]().\-_]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  return lossy || !ascii ? `${ascii ? `${ascii}-` : ''}h${fnv1a(citation)}` : ascii;
}

/** The requirement-node URN a citation gets inside a framework: urn:…:framework:x + 7.1.4 → urn:…:req_node:x:7.1.4. */
export function mappingUrnForCitation(frameworkUrn: string, citation: string): string {
  return `${frameworkUrn.trim().toLowerCase().replace(':framework:', ':req_node:')}:${citationSlug(citation)}`;
}

/** `urn:renkei:risk:library:<slug>` — the namespace for libraries Renkei writes. */
export const renkeiLibraryUrn = (slug: string): string => `urn:renkei:risk:library:${citationSlug(slug)}`;

export interface ExportMapping { sourceUrn: string; targetUrn: string; relationship: Relationship; rationale?: string | null }
export interface CisoExportInput {
  /** Library URN, `urn:<namespace>:<domain>:library:<ref>`; Renkei's own use renkeiLibraryUrn(). */
  urn: string;
  refId: string;
  name: string;
  description?: string;
  locale: 'ja' | 'en';
  provider: string;
  /** Must grow on every re-export: CISO Assistant ignores a library whose version it already has. */
  version: number;
  copyright?: string;
  clauses: Clause[];
  mappings?: { sourceFrameworkUrn: string; targetFrameworkUrn: string; mappings: ExportMapping[] };
  /** Library URNs the mappings need loaded first; default: each other framework URN with :framework: → :library:. */
  dependencies?: string[];
}

const LIBRARY_URN = /^urn:([a-z0-9_-]+):([a-z0-9_-]+):library:([0-9a-z[\]().\-_:]+)$/;

/** Write a clause tree (and optionally one mapping set) as a CISO Assistant library. Framework URN and node URNs derive from `urn` and the citations. */
export function exportCisoAssistantLibrary(input: CisoExportInput): string {
  const libraryUrn = input.urn.trim().toLowerCase();
  const m = LIBRARY_URN.exec(libraryUrn);
  if (!m) throw new RangeError(`library urn must look like urn:renkei:risk:library:<ref>, got '${input.urn}'`);
  if (!Number.isInteger(input.version) || input.version < 1) throw new RangeError('version must be a positive integer');
  const [, ns, domain, ref] = m;
  const frameworkUrn = `urn:${ns}:${domain}:framework:${ref}`;

  const used = new Set<string>();
  const nodes: Dict[] = [];
  const walk = (clauses: readonly Clause[], depth: number, parentUrn: string | null) => {
    for (const c of clauses) {
      let urn = mappingUrnForCitation(frameworkUrn, c.citation);
      if (used.has(urn)) {
        let n = 2;
        while (used.has(`${urn}-${n}`)) n++;
        urn = `${urn}-${n}`; // repeated citation (e.g. several 附則): later ones get -2, -3 … in document order
      }
      used.add(urn);
      const node: Dict = { urn, assessable: c.children.length === 0, depth };
      if (parentUrn) node.parent_urn = parentUrn;
      node.ref_id = c.citation;
      if (c.heading) node.name = c.heading;
      if (c.text) node.description = c.text;
      nodes.push(node);
      walk(c.children, depth + 1, urn);
    }
  };
  walk(input.clauses, 1, null);
  if (!nodes.length && !input.mappings) throw new RangeError('nothing to export: the clause tree is empty and there are no mappings');

  // No clauses + mappings = a mapping-only library, the way CISO Assistant ships its own mappings.
  const objects: Dict = nodes.length
    ? { framework: { urn: frameworkUrn, ref_id: input.refId, name: input.name, ...(input.description ? { description: input.description } : {}), requirement_nodes: nodes } }
    : {};
  let dependencies: string[] = [];
  if (input.mappings) {
    const { sourceFrameworkUrn, targetFrameworkUrn } = input.mappings;
    const src = sourceFrameworkUrn.trim().toLowerCase();
    const tgt = targetFrameworkUrn.trim().toLowerCase();
    const requirementMappings = input.mappings.mappings.map((mp, i) => {
      if (!RELATIONSHIPS.includes(mp.relationship)) throw new RangeError(`mappings[${i}]: relationship '${mp.relationship}' is not one of ${RELATIONSHIPS.join(', ')}`);
      const out: Dict = { source_requirement_urn: mp.sourceUrn.trim().toLowerCase(), target_requirement_urn: mp.targetUrn.trim().toLowerCase(), relationship: mp.relationship };
      const why = mp.rationale?.trim();
      if (why) out[RATIONALE_CHOICES.has(why) ? 'rationale' : 'annotation'] = why;
      return out;
    });
    const targetRef = tgt.slice(tgt.lastIndexOf(':') + 1);
    objects.requirement_mapping_sets = [
      {
        urn: `urn:${ns}:${domain}:req_mapping_set:${ref}-to-${citationSlug(targetRef)}`,
        ref_id: `${input.refId} -> ${targetRef}`,
        name: `${input.name} -> ${targetRef}`,
        source_framework_urn: src,
        target_framework_urn: tgt,
        requirement_mappings: requirementMappings,
      },
    ];
    dependencies = input.dependencies ?? [src, tgt].filter((u) => u !== frameworkUrn && u.includes(':framework:')).map((u) => u.replace(':framework:', ':library:'));
  } else if (input.dependencies) dependencies = input.dependencies;

  const library: Dict = {
    urn: libraryUrn,
    locale: input.locale,
    ref_id: input.refId,
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    ...(input.copyright ? { copyright: input.copyright } : {}),
    version: input.version,
    provider: input.provider,
    packager: 'renkei',
    ...(dependencies.length ? { dependencies: [...new Set(dependencies.map((d) => d.toLowerCase()))] } : {}),
    objects,
  };
  // YAML 1.1 so that strings PyYAML would read as booleans, dates or numbers ("yes", "2024-01-01", "4.10") get quoted.
  return stringify(library, { version: '1.1', lineWidth: 0 });
}
