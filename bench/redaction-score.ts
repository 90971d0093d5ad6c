/**
 * Scoring of the redaction engine on the labelled reports in bench/redaction/ (shared by the
 * benchmark and the regression test). A labelled string counts as found when every one of its
 * occurrences is covered by proposals; a must-keep string is kept when no occurrence touches
 * one; a proposal is correct when it overlaps a labelled string.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import {
  type CompiledProfile,
  type InstitutionProfile,
  type MemberDirectory,
  type MorphTokenizer,
  REDACTION_KINDS,
  type RedactionKind,
  type RedactionSpan,
  compileProfile,
  parseInstitutionProfile,
  parseMemberDirectory,
  proposeRedactions,
} from '../src/core/redaction/index.ts';

export const LABELLED_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'redaction');

export interface LabelledReport {
  id: string;
  /** `heldout`: written after the rules were settled, scored separately as well. */
  set: string;
  category: string;
  language: string;
  profile: CompiledProfile;
  directory?: MemberDirectory;
  text: string;
  redact: { kind: RedactionKind; text: string }[];
  keep: string[];
}

export function loadLabelledReports(dir = LABELLED_DIR): LabelledReport[] {
  const profiles = YAML.parse(fs.readFileSync(path.join(dir, 'profiles.yaml'), 'utf8'), { schema: 'failsafe' }) as Record<string, unknown>;
  const compiled = new Map<string, CompiledProfile>();
  for (const [key, value] of Object.entries(profiles)) compiled.set(key, compileProfile(parseInstitutionProfile(value as InstitutionProfile)));
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'profiles.yaml')
    .sort()
    .map((file) => {
      const doc = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8'), { schema: 'failsafe' }) as Record<string, unknown>;
      const profile = compiled.get(String(doc.profile));
      if (!profile) throw new Error(`${file}: unknown profile ${String(doc.profile)}`);
      const text = String(doc.text);
      const redact = (doc.redact as [string, unknown][]).map(([kind, s]) => {
        if (!(REDACTION_KINDS as readonly string[]).includes(kind)) throw new Error(`${file}: unknown kind ${kind}`);
        return { kind: kind as RedactionKind, text: String(s) };
      });
      const keep = ((doc.keep as unknown[]) ?? []).map(String);
      for (const s of [...redact.map((r) => r.text), ...keep]) if (!text.includes(s)) throw new Error(`${file}: "${s}" is not in the text`);
      return {
        id: file.replace(/\.yaml$/, ''),
        set: doc.set === undefined ? 'development' : String(doc.set),
        category: String(doc.category),
        language: String(doc.language),
        profile,
        ...(doc.directory ? { directory: parseMemberDirectory(doc.directory) } : {}),
        text,
        redact,
        keep,
      };
    });
}

function occurrences(text: string, s: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) out.push(at);
  return out;
}

export interface Score {
  reports: number;
  /** Per kind: labelled occurrences and those fully covered. */
  byKind: Record<RedactionKind, { labelled: number; found: number }>;
  missed: { report: string; kind: RedactionKind; text: string }[];
  keep: { total: number; kept: number };
  brokenKeeps: { report: string; text: string; span: string }[];
  proposals: { total: number; correct: number };
  falsePositives: { report: string; kind: RedactionKind; text: string }[];
}

export function score(reports: LabelledReport[], tokenizer: MorphTokenizer | undefined): Score {
  const byKind = Object.fromEntries(REDACTION_KINDS.map((k) => [k, { labelled: 0, found: 0 }])) as Score['byKind'];
  const s: Score = { reports: reports.length, byKind, missed: [], keep: { total: 0, kept: 0 }, brokenKeeps: [], proposals: { total: 0, correct: 0 }, falsePositives: [] };
  for (const r of reports) {
    const spans: RedactionSpan[] = proposeRedactions(r.text, r.profile, { tokenizer, ...(r.directory ? { directory: r.directory } : {}) });
    const covered = new Uint8Array(r.text.length);
    for (const sp of spans) covered.fill(1, sp.start, sp.end);
    const labelled = new Uint8Array(r.text.length);
    for (const { kind, text } of r.redact) {
      for (const at of occurrences(r.text, text)) {
        labelled.fill(1, at, at + text.length);
        byKind[kind].labelled++;
        if (covered.subarray(at, at + text.length).every((c) => c === 1)) byKind[kind].found++;
        else s.missed.push({ report: r.id, kind, text });
      }
    }
    for (const text of r.keep) {
      for (const at of occurrences(r.text, text)) {
        s.keep.total++;
        const hit = spans.find((sp) => sp.start < at + text.length && sp.end > at);
        if (hit) s.brokenKeeps.push({ report: r.id, text, span: hit.text });
        else s.keep.kept++;
      }
    }
    for (const sp of spans) {
      s.proposals.total++;
      if (labelled.subarray(sp.start, sp.end).some((c) => c === 1)) s.proposals.correct++;
      else s.falsePositives.push({ report: r.id, kind: sp.kind, text: sp.text });
    }
  }
  return s;
}

/** E-mail, postal addresses, phone numbers, ids and host names: the identifiers that must never be missed. */
export const STRUCTURED_KINDS: readonly RedactionKind[] = ['email', 'address', 'phone', 'id', 'domain', 'ip', 'url'];

export const recall = (x: { labelled: number; found: number }) => (x.labelled ? x.found / x.labelled : 1);
