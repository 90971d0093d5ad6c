/**
 * Zeek intelligence framework files (input framework TSV):
 *   #fields	indicator	indicator_type	meta.source	meta.desc	meta.url
 *   192.0.2.10	Intel::ADDR	local-cert	scanner seen at the border	-
 * Tab-separated; `-` is an unset field, `(empty)` an empty set. Types taken: Intel::ADDR,
 * Intel::SUBNET, Intel::DOMAIN, Intel::URL (written without the scheme), Intel::FILE_HASH
 * (MD5/SHA-1/SHA-256 by length). Other types (EMAIL, USER_NAME, CERT_HASH, …) are reported
 * as left out.
 */
import type { ImportOptions } from './blocklist.ts';
import { type ParseResult, type ValueKind, categoryFrom, emptyResult, makeIndicator, normalise } from './indicator.ts';

const KINDS: Record<string, ValueKind> = {
  'Intel::ADDR': 'ip', 'Intel::SUBNET': 'cidr', 'Intel::DOMAIN': 'domain', 'Intel::URL': 'url', 'Intel::FILE_HASH': 'hash',
};

/** `\x09` escapes as Zeek writes them in `#separator`. */
const unescape = (s: string) => s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

export function parseZeekIntel(text: string, options: ImportOptions = {}): ParseResult {
  const result = emptyResult();
  let separator = '\t';
  let setSeparator = ',';
  let fields: string[] | undefined;
  const skipped = new Map<string, number[]>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    const lineNo = i + 1;
    if (!line.trim()) continue;
    if (line.startsWith('#')) {
      // "#separator \x09" uses a space; later directives are split by the separator itself.
      if (line.startsWith('#separator ')) {
        separator = unescape(line.slice(11).trim()) || '\t';
        continue;
      }
      let cut = line.indexOf(separator);
      if (cut < 0) cut = line.search(/[\t ]/);
      const directive = cut < 0 ? line : line.slice(0, cut);
      const rest = cut < 0 ? '' : line.slice(cut + separator.length);
      if (directive === '#set_separator') setSeparator = unescape(rest.split(separator)[0]!.trim()) || ',';
      else if (directive === '#fields') {
        fields = rest.split(separator).map((f) => f.trim());
        if (!fields.includes('indicator') || !fields.includes('indicator_type')) {
          result.errors.push({ line: lineNo, message: '#fields must name "indicator" and "indicator_type"' });
          fields = undefined;
        }
      }
      continue;
    }
    if (!fields) {
      result.errors.push({ line: lineNo, message: 'data before a #fields line naming the columns' });
      continue;
    }
    const values = line.split(separator);
    if (values.length !== fields.length) {
      const hint = values.length === 1 && line.includes(' ') ? ' (columns must be separated by tabs, not spaces)' : '';
      result.errors.push({ line: lineNo, message: `expected ${fields.length} fields, found ${values.length}${hint}` });
      continue;
    }
    const row: Record<string, string> = {};
    fields.forEach((f, k) => {
      const v = values[k]!.trim();
      if (v !== '-' && v !== '(empty)' && v !== '') row[f] = v;
    });
    const type = row.indicator_type;
    const kind = type ? KINDS[type] : undefined;
    if (!kind || !row.indicator) {
      if (!row.indicator) result.errors.push({ line: lineNo, message: 'the indicator field is empty' });
      else if (!type?.startsWith('Intel::')) result.errors.push({ line: lineNo, message: `unknown indicator_type '${type ?? '-'}'` });
      else skipped.set(type, [...(skipped.get(type) ?? []), lineNo]);
      continue;
    }
    const n = normalise(kind, row.indicator);
    if ('error' in n) {
      result.errors.push({ line: lineNo, message: n.error });
      continue;
    }
    if (kind === 'ip' && n.type !== 'ipv4' && n.type !== 'ipv6') {
      result.errors.push({ line: lineNo, message: `Intel::ADDR needs a single address, not '${row.indicator}' (use Intel::SUBNET)` });
      continue;
    }
    if (n.warning) result.warnings.push({ line: lineNo, message: n.warning });
    const sets = (f: string) => (row[f] ? row[f]!.split(setSeparator).map((t) => t.trim()).filter(Boolean) : []);
    const tags = [...(options.tags ?? []), ...sets('meta.cif_tags'), ...sets('meta.tags')];
    const desc = row['meta.desc'];
    result.indicators.push(makeIndicator({
      type: n.type, value: n.value, source: options.source ?? row['meta.source'], description: desc,
      category: options.category ?? categoryFrom([...tags, desc]), confidence: options.confidence, tlp: options.tlp, tags,
    }));
  }
  for (const [type, at] of skipped) {
    result.warnings.push({ line: at[0], message: `${at.length} ${type} entr${at.length === 1 ? 'y' : 'ies'} left out (type not matched by Renkei), lines ${at.slice(0, 10).join(', ')}${at.length > 10 ? ', …' : ''}` });
  }
  return result;
}
