/**
 * Exports of a published shared report: a MISP event and a STIX 2.1 bundle. Both are built only from
 * {@link PublishedReport}, which has no field for the originating institution or author, so nothing in an
 * export can name them unless the author disclosed the originator. The organisation in MISP (Orgc/Org) and
 * the STIX identity are the neutral consortium; TLP 2.0 markings travel with the report.
 */
import { createHash } from 'node:crypto';
import type { IndicatorType } from '../intel/indicator.ts';
import { type Tlp, SharingInputError, exportAllowed } from './rules.ts';

/** TLP 2.0 marking definitions (oasis-open/cti-stix-common-objects, extension-definition for TLP 2.0). */
export const TLP2_MARKING_IDS: Readonly<Record<Tlp, string>> = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};
const TLP2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
const TLP2_CREATED = '2022-10-01T00:00:00.000Z';

/** The MISP tag for a TLP 2.0 label (MISP taxonomy `tlp`: tlp:clear, tlp:amber+strict …). */
export const mispTlpTag = (tlp: Tlp) => `tlp:${tlp.toLowerCase()}`;

export interface SharedIndicator {
  type: IndicatorType;
  value: string;
  comment?: string;
}

/** What leaves the platform: redacted texts only, no originator unless disclosed. */
export interface PublishedReport {
  /** Public id of the shared report (not the incident id). */
  id: string;
  title: string;
  summary: string;
  body: string;
  category: string | null;
  products: readonly string[];
  cves: readonly string[];
  indicators: readonly SharedIndicator[];
  tlp: Tlp;
  occurredAt: string | null;
  publishedAt: string;
  /** Set only when the author chose to disclose the originating institution. */
  disclosedOriginator: { ja: string; en: string } | null;
}

export interface Consortium {
  name: string;
  /** Fixed UUID of the consortium as a MISP organisation. */
  uuid: string;
}

/** A stable UUID (version 5 layout over SHA-256) from a name, so repeated exports keep their ids. */
export function stableUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const MISP_TYPES: Record<IndicatorType, string> = {
  ipv4: 'ip-dst', ipv6: 'ip-dst', cidr: 'ip-dst', range: 'ip-dst', domain: 'domain', url: 'url', md5: 'md5', sha1: 'sha1', sha256: 'sha256',
};
const MISP_CATEGORY: Record<IndicatorType, string> = {
  ipv4: 'Network activity', ipv6: 'Network activity', cidr: 'Network activity', range: 'Network activity', domain: 'Network activity',
  url: 'Network activity', md5: 'Payload delivery', sha1: 'Payload delivery', sha256: 'Payload delivery',
};

function refuseExport(tlp: Tlp): void {
  if (!exportAllowed(tlp)) {
    throw new SharingInputError(`TLP:${tlp} の報告は外部形式で書き出せません / TLP:${tlp} reports cannot be exported`);
  }
}

const epoch = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));

/** A MISP event (`{"Event": …}`), tagged tlp:* and tlp:ex:chr, owned by the consortium. */
export function toMispEvent(r: PublishedReport, c: Consortium): { Event: Record<string, unknown> } {
  refuseExport(r.tlp);
  const org = { name: c.name, uuid: c.uuid };
  const info = [r.title, r.summary, r.disclosedOriginator ? `報告: ${r.disclosedOriginator.ja}` : ''].filter(Boolean).join(' — ');
  const attributes: Record<string, unknown>[] = [
    ...r.indicators.map((i) => ({
      uuid: stableUuid(r.id, 'indicator', i.type, i.value),
      type: MISP_TYPES[i.type],
      category: MISP_CATEGORY[i.type],
      value: i.value,
      to_ids: true,
      comment: i.comment ?? '',
      timestamp: epoch(r.publishedAt),
    })),
    ...r.cves.map((cve) => ({
      uuid: stableUuid(r.id, 'cve', cve), type: 'vulnerability', category: 'External analysis', value: cve, to_ids: false, comment: '', timestamp: epoch(r.publishedAt),
    })),
    {
      uuid: stableUuid(r.id, 'body'), type: 'text', category: 'Other', value: r.body, to_ids: false, comment: 'report body (redacted)', timestamp: epoch(r.publishedAt),
    },
  ];
  return {
    Event: {
      uuid: stableUuid(r.id, 'misp-event'),
      info,
      date: (r.occurredAt ?? r.publishedAt).slice(0, 10),
      timestamp: epoch(r.publishedAt),
      publish_timestamp: epoch(r.publishedAt),
      published: true,
      analysis: '2',
      threat_level_id: '3',
      distribution: '0',
      Orgc: org,
      Org: org,
      Tag: [
        { name: mispTlpTag(r.tlp) },
        { name: 'tlp:ex:chr' },
        ...(r.category ? [{ name: `renkei:category="${r.category}"` }] : []),
        ...r.products.map((p) => ({ name: `renkei:product="${p.replaceAll('"', "'")}"` })),
      ],
      Attribute: attributes,
    },
  };
}

const STIX_PATTERN: Record<IndicatorType, (v: string) => string> = {
  ipv4: (v) => `[ipv4-addr:value = '${v}']`,
  cidr: (v) => `[${v.includes(':') ? 'ipv6' : 'ipv4'}-addr:value = '${v}']`,
  range: (v) => `[ipv4-addr:value = '${v}']`,
  ipv6: (v) => `[ipv6-addr:value = '${v}']`,
  domain: (v) => `[domain-name:value = '${v}']`,
  url: (v) => `[url:value = '${v.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}']`,
  md5: (v) => `[file:hashes.MD5 = '${v}']`,
  sha1: (v) => `[file:hashes.'SHA-1' = '${v}']`,
  sha256: (v) => `[file:hashes.'SHA-256' = '${v}']`,
};

/** The TLP 2.0 marking-definition object for a label (as published in cti-stix-common-objects). */
export function tlpMarkingDefinition(tlp: Tlp): Record<string, unknown> {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[tlp],
    created: TLP2_CREATED,
    name: `TLP:${tlp}`,
    extensions: { [TLP2_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: tlp.toLowerCase() } },
  };
}

/**
 * A STIX 2.1 bundle: a report object with the redacted text, one indicator per indicator, one vulnerability
 * per CVE, and the TLP 2.0 marking definition. No created_by_ref: nobody is named as the producer.
 */
export function toStixBundle(r: PublishedReport): Record<string, unknown> {
  refuseExport(r.tlp);
  const ts = new Date(r.publishedAt).toISOString();
  const marking = [TLP2_MARKING_IDS[r.tlp]];
  const indicators = r.indicators.map((i) => ({
    type: 'indicator', spec_version: '2.1', id: `indicator--${stableUuid(r.id, 'indicator', i.type, i.value)}`, created: ts, modified: ts,
    name: i.value, pattern: STIX_PATTERN[i.type](i.value), pattern_type: 'stix', valid_from: ts,
    ...(r.category ? { indicator_types: ['malicious-activity'], labels: [r.category] } : {}), object_marking_refs: marking,
  }));
  const vulns = r.cves.map((cve) => ({
    type: 'vulnerability', spec_version: '2.1', id: `vulnerability--${stableUuid(r.id, 'cve', cve)}`, created: ts, modified: ts, name: cve,
    external_references: [{ source_name: 'cve', external_id: cve }], object_marking_refs: marking,
  }));
  const report = {
    type: 'report', spec_version: '2.1', id: `report--${stableUuid(r.id, 'stix-report')}`, created: ts, modified: ts, published: ts,
    name: r.title,
    description: [r.summary, r.body, r.disclosedOriginator ? `報告: ${r.disclosedOriginator.ja} / reported by ${r.disclosedOriginator.en}` : ''].filter(Boolean).join('\n\n'),
    report_types: ['incident'],
    ...(r.category || r.products.length ? { labels: [...(r.category ? [r.category] : []), ...r.products] } : {}),
    object_refs: [...indicators.map((o) => o.id), ...vulns.map((o) => o.id)].concat(indicators.length + vulns.length === 0 ? [TLP2_MARKING_IDS[r.tlp]] : []),
    object_marking_refs: marking,
  };
  return {
    type: 'bundle',
    id: `bundle--${stableUuid(r.id, 'stix-bundle')}`,
    objects: [tlpMarkingDefinition(r.tlp), report, ...indicators, ...vulns],
  };
}
