import { parseBlocklist } from '../../../core/intel/blocklist.ts';
import { parseFeodoCsv, parseFeodoJson } from '../../../core/intel/feodo.ts';
import type { ParseResult, Tlp } from '../../../core/intel/indicator.ts';
import { parseMispEvent } from '../../../core/intel/misp.ts';
import { parseStixBundle } from '../../../core/intel/stix.ts';
import { parseZeekIntel } from '../../../core/intel/zeek-intel.ts';

/** Indicator file formats an operator can upload, and how each is recognised when not named. */
export const INDICATOR_FORMATS = ['stix', 'misp', 'blocklist', 'feodo-csv', 'feodo-json', 'zeek-intel'] as const;
export type IndicatorFormat = (typeof INDICATOR_FORMATS)[number];

export function detectIndicatorFormat(text: string): IndicatorFormat {
  const head = text.slice(0, 4096).trimStart();
  if (head.startsWith('{') || head.startsWith('[')) {
    if (/"type"\s*:\s*"bundle"/.test(head)) return 'stix';
    if (/"Event"\s*:/.test(head) || /"Attribute"\s*:/.test(head)) return 'misp';
    if (/"ip_address"\s*:/.test(head)) return 'feodo-json';
  }
  if (/^#fields\t/m.test(head) && head.includes('indicator_type')) return 'zeek-intel';
  if (/first_seen_utc|"dst_ip"/.test(head)) return 'feodo-csv';
  return 'blocklist';
}

export interface ParseDefaults {
  source: string;
  category?: string | undefined;
  confidence?: number | undefined;
  tlp?: Tlp | undefined;
}

export function parseIndicators(format: IndicatorFormat, text: string, defaults: ParseDefaults): ParseResult {
  switch (format) {
    case 'stix':
      return parseStixBundle(text, defaults);
    case 'misp':
      return parseMispEvent(text, defaults);
    case 'blocklist':
      return parseBlocklist(text, defaults);
    case 'feodo-csv':
      return parseFeodoCsv(text, defaults);
    case 'feodo-json':
      return parseFeodoJson(text, defaults);
    case 'zeek-intel':
      return parseZeekIntel(text, defaults);
  }
}
