/**
 * Template cache for NetFlow v9 and IPFIX. A template is keyed by (exporter key, observation
 * domain / source id, template id), compiled once into typed arrays (the offset, length and
 * role of every field the decoder uses) so that decoding a data record is a tight loop, and
 * replaced when the same id arrives with another layout (an exporter restarted). Templates
 * expire when not refreshed for `templateTimeoutMs`; IPFIX can withdraw them.
 *
 * Per domain the cache also keeps what options data said (sampling, system init time), the
 * sequence-number state, and a bounded buffer of data sets that arrived before their template.
 */
import {
  R_BYTES, R_BYTES_ALT, R_DST4, R_DST6, R_NONE, R_PACKETS, R_PACKETS_ALT, R_SRC4, R_SRC6, ROLE_COUNT, enterpriseRoleFor, preferenceGroup, preferenceRank, roleFor,
} from './fields.ts';

export const VARIABLE_LENGTH = 65535;
/** Marks a NetFlow v9 options scope field (scope types are not element ids). */
export const SCOPE_V9 = 0xffffffff;

/**
 * Fields per template beyond which a template is taken as garbage (real ones have under 100:
 * NetScaler ~45, YAF ~40); also bounds what a flood of templates can cost in memory.
 */
export const MAX_TEMPLATE_FIELDS = 512;

/** Field list as read from a template record, before compiling (scratch, reused). */
export class FieldList {
  count = 0;
  readonly ids = new Uint16Array(MAX_TEMPLATE_FIELDS);
  readonly lengths = new Uint16Array(MAX_TEMPLATE_FIELDS);
  /** Enterprise number; 0 for standard elements, SCOPE_V9 for v9 scope fields. */
  readonly enterprise = new Uint32Array(MAX_TEMPLATE_FIELDS);

  /** Shortest record this layout allows (variable-length fields count 1 byte). */
  minRecordLength(): number {
    let min = 0;
    for (let f = 0; f < this.count; f++) min += this.lengths[f] === VARIABLE_LENGTH ? 1 : this.lengths[f]!;
    return min;
  }

  push(id: number, length: number, enterprise: number): void {
    const i = this.count++;
    this.ids[i] = id;
    this.lengths[i] = length;
    this.enterprise[i] = enterprise;
  }
}

export class Template {
  /** Fixed record length in bytes, or -1 when a field has variable length. */
  readonly recordLength: number;
  /** Shortest possible record (variable-length fields count 1 byte). */
  readonly minLength: number;
  /** Fields the decoder uses: role, offset in the record (fixed layouts), length. */
  readonly roles: Uint8Array;
  readonly roleOffsets: Int32Array;
  readonly roleLengths: Uint8Array;
  /** Per-record offsets of the used fields when the layout is variable (filled while decoding). */
  readonly dynamicOffsets: Int32Array;
  /** The whole layout, to walk variable-length records and to compare re-sent templates. */
  readonly ids: Uint16Array;
  readonly lengths: Uint16Array;
  readonly enterprise: Uint32Array;
  /** Index into `roles` for each field, or -1. */
  readonly fieldRole: Int16Array;
  /** 4 when the records carry an IPv4 pair, 6 for IPv6, 10 for both, 0 for neither. */
  readonly addressPairs: number;
  refreshedAtMs: number;

  constructor(
    readonly id: number,
    readonly options: boolean,
    fields: FieldList,
    nowMs: number,
  ) {
    const n = fields.count;
    this.ids = fields.ids.slice(0, n);
    this.lengths = fields.lengths.slice(0, n);
    this.enterprise = fields.enterprise.slice(0, n);
    this.refreshedAtMs = nowMs;

    const fieldRoleOf = new Uint8Array(n);
    const seen = new Uint8Array(ROLE_COUNT);
    const candidates = new Map<number, number[]>(); // preference group -> field indexes
    let min = 0;
    let variable = false;
    for (let f = 0; f < n; f++) {
      const len = this.lengths[f]!;
      if (len === VARIABLE_LENGTH) {
        variable = true;
        min += 1;
        continue;
      }
      min += len;
      if (this.enterprise[f] !== 0) {
        fieldRoleOf[f] = options ? R_NONE : enterpriseRoleFor(this.enterprise[f]!, this.ids[f]!, len);
        continue;
      }
      const role = roleFor(this.ids[f]!, len, options);
      if (role === R_NONE) continue;
      const group = preferenceGroup(this.ids[f]!);
      if (group !== R_NONE) {
        const list = candidates.get(group) ?? [];
        list.push(f);
        candidates.set(group, list);
      } else if (!seen[role]) {
        seen[role] = 1; // the first of duplicate fields wins
        fieldRoleOf[f] = role;
      }
    }
    // Of each preference group the best field; for counters also the next best as fallback.
    for (const [group, list] of candidates) {
      list.sort((a, b) => preferenceRank(this.ids[a]!) - preferenceRank(this.ids[b]!) || a - b);
      fieldRoleOf[list[0]!] = roleFor(this.ids[list[0]!]!, this.lengths[list[0]!]!, options);
      const second = list.find((f) => this.ids[f] !== this.ids[list[0]!]);
      if (second === undefined) continue;
      if (group === R_BYTES) fieldRoleOf[second] = R_BYTES_ALT;
      if (group === R_PACKETS) fieldRoleOf[second] = R_PACKETS_ALT;
    }
    this.minLength = min;
    this.recordLength = variable ? -1 : min;

    let offset = 0;
    const used: number[] = [];
    for (let f = 0; f < n; f++) if (fieldRoleOf[f] !== R_NONE) used.push(f);
    this.roles = new Uint8Array(used.length);
    this.roleOffsets = new Int32Array(used.length);
    this.roleLengths = new Uint8Array(used.length);
    this.dynamicOffsets = new Int32Array(used.length);
    this.fieldRole = new Int16Array(n).fill(-1);
    const offsets = new Int32Array(n);
    for (let f = 0; f < n; f++) {
      offsets[f] = offset;
      offset += this.lengths[f] === VARIABLE_LENGTH ? 0 : this.lengths[f]!;
    }
    used.forEach((f, k) => {
      this.roles[k] = fieldRoleOf[f]!;
      this.roleOffsets[k] = offsets[f]!; // meaningful only for fixed layouts
      this.roleLengths[k] = this.lengths[f]!;
      this.fieldRole[f] = k;
    });
    const has = (r: number) => this.roles.includes(r);
    this.addressPairs = (has(R_SRC4) && has(R_DST4) ? 4 : 0) + (has(R_SRC6) && has(R_DST6) ? 6 : 0);
  }

  /** Same layout as the field list (a refresh rather than a new template)? */
  sameLayout(options: boolean, fields: FieldList): boolean {
    const n = fields.count;
    if (options !== this.options || n !== this.ids.length) return false;
    for (let f = 0; f < n; f++) {
      if (fields.ids[f] !== this.ids[f] || fields.lengths[f] !== this.lengths[f] || fields.enterprise[f] !== this.enterprise[f]) return false;
    }
    return true;
  }
}

/** What the decoder needs from a packet header to turn record times into Unix ms. */
export class PacketTimes {
  /** v5/v9: header Unix time in ms; IPFIX: export time in ms. */
  exportMs = 0;
  /** v5/v9 header sysUptime (ms, 32-bit). */
  uptime = 0;
  /** True when `uptime` is meaningful (v5/v9); IPFIX uses the domain's system init time. */
  hasUptime = false;

  set(exportMs: number, uptime: number, hasUptime: boolean): this {
    this.exportMs = exportMs;
    this.uptime = uptime;
    this.hasUptime = hasUptime;
    return this;
  }
}

/** A data set kept until its template arrives. */
export interface PendingSet {
  bytes: Uint8Array;
  times: PacketTimes;
  receivedAtMs: number;
}

export class DomainState {
  readonly templates = new Map<number, Template>();
  /** 1-in-N sampling declared by options data for the whole domain (1 = unsampled). */
  sampling = 1;
  samplingAlgorithm = 0;
  /** Sampler/selector id -> 1-in-N, for records that name their sampler. */
  readonly samplers = new Map<number, number>();
  /** IPFIX systemInitTimeMilliseconds from options data; NaN when unknown. */
  systemInitMs = Number.NaN;
  /** Next expected sequence number (uint32), when known. */
  nextSequence = 0;
  sequenceKnown = false;
  /** Units (v5 flows, v9 packets, IPFIX records) missing according to sequence numbers. */
  lost = 0;
  gaps = 0;
  /** Sequence numbers that went backwards (exporter restart or reordering): no loss counted. */
  resets = 0;
  readonly pending = new Map<number, PendingSet[]>();
  lastSeenMs = 0;

  constructor(
    readonly version: number,
    readonly id: number,
  ) {}
}

export class ExporterState {
  readonly domains = new Map<number, DomainState>();
  constructor(readonly key: string) {}
}

/** Snapshot of one domain's state, for the collector's status page (not the hot path). */
export interface DomainStats {
  exporter: string;
  version: number;
  domain: number;
  templates: number;
  optionsTemplates: number;
  sampling: number;
  samplingAlgorithm: number;
  lost: number;
  gaps: number;
  resets: number;
  pendingSets: number;
}

export interface CacheLimits {
  templateTimeoutMs: number;
  maxTemplates: number;
  maxExporters: number;
  /** Observation domains / source ids / v5 engines over all exporters. */
  maxDomains: number;
  pendingPerTemplate: number;
  pendingBytes: number;
  pendingTimeoutMs: number;
}

export class TemplateCache {
  readonly exporters = new Map<string, ExporterState>();
  templateCount = 0;
  domainCount = 0;
  pendingBytes = 0;
  private lastExporter: ExporterState | null = null;

  constructor(readonly limits: CacheLimits) {}

  /** The domain's state, created on first sight; null when a state limit is reached. */
  domain(exporterKey: string, version: number, id: number, nowMs: number): DomainState | null {
    let ex = this.lastExporter;
    if (ex === null || ex.key !== exporterKey) {
      ex = this.exporters.get(exporterKey) ?? null;
      if (ex === null) {
        if (this.exporters.size >= this.limits.maxExporters) return null;
        ex = new ExporterState(exporterKey);
        this.exporters.set(exporterKey, ex);
      }
      this.lastExporter = ex;
    }
    const key = version * 0x1_0000_0000 + id;
    let d = ex.domains.get(key);
    if (d === undefined) {
      if (this.domainCount >= this.limits.maxDomains) return null;
      d = new DomainState(version, id);
      ex.domains.set(key, d);
      this.domainCount++;
    }
    d.lastSeenMs = nowMs;
    return d;
  }

  /** The live template for a data set, or null (unknown or expired: `expired` tells). */
  lookup(d: DomainState, id: number, nowMs: number): Template | null {
    const t = d.templates.get(id);
    if (t === undefined) return null;
    if (nowMs - t.refreshedAtMs > this.limits.templateTimeoutMs) {
      d.templates.delete(id);
      this.templateCount--;
      return null;
    }
    return t;
  }

  /**
   * Learns a template from the scratch field list. Returns the template, the string
   * 'refreshed' (same layout), or null when the template limit is reached.
   */
  learn(d: DomainState, id: number, options: boolean, fields: FieldList, nowMs: number): Template | 'refreshed' | null {
    const old = d.templates.get(id);
    if (old !== undefined && old.sameLayout(options, fields)) {
      old.refreshedAtMs = nowMs;
      return 'refreshed';
    }
    if (old === undefined && this.templateCount >= this.limits.maxTemplates) return null;
    const t = new Template(id, options, fields, nowMs);
    if (old === undefined) this.templateCount++;
    d.templates.set(id, t);
    return t;
  }

  /** IPFIX withdrawal: one template, or all of a kind (data or options). Returns how many went. */
  withdraw(d: DomainState, id: number | 'all-data' | 'all-options'): number {
    let n = 0;
    for (const [tid, t] of d.templates) {
      if (id === tid || (id === 'all-data' && !t.options) || (id === 'all-options' && t.options)) {
        d.templates.delete(tid);
        n++;
      }
    }
    this.templateCount -= n;
    return n;
  }

  /** Keeps a copy of a data set without template; false when the buffer for it is full. */
  hold(d: DomainState, templateId: number, bytes: Uint8Array, times: PacketTimes, nowMs: number): boolean {
    const l = this.limits;
    if (l.pendingPerTemplate <= 0 || this.pendingBytes + bytes.length > l.pendingBytes) return false;
    let list = d.pending.get(templateId);
    if (list === undefined) {
      list = [];
      d.pending.set(templateId, list);
    }
    if (list.length >= l.pendingPerTemplate) return false;
    list.push({ bytes: bytes.slice(), times: new PacketTimes().set(times.exportMs, times.uptime, times.hasUptime), receivedAtMs: nowMs });
    this.pendingBytes += bytes.length;
    return true;
  }

  /** Takes the buffered sets for a template that just arrived (those still fresh enough). */
  release(d: DomainState, templateId: number, nowMs: number): PendingSet[] | null {
    const list = d.pending.get(templateId);
    if (list === undefined) return null;
    d.pending.delete(templateId);
    for (const p of list) this.pendingBytes -= p.bytes.length;
    const fresh = list.filter((p) => nowMs - p.receivedAtMs <= this.limits.pendingTimeoutMs);
    return fresh.length ? fresh : null;
  }

  /** Drops expired templates, stale pending sets and idle empty domains. Returns templates dropped. */
  sweep(nowMs: number): number {
    let dropped = 0;
    for (const [key, ex] of this.exporters) {
      for (const [dk, d] of ex.domains) {
        for (const [tid, t] of d.templates) {
          if (nowMs - t.refreshedAtMs > this.limits.templateTimeoutMs) {
            d.templates.delete(tid);
            dropped++;
          }
        }
        for (const [tid, list] of d.pending) {
          const keep = list.filter((p) => nowMs - p.receivedAtMs <= this.limits.pendingTimeoutMs);
          for (const p of list) if (!keep.includes(p)) this.pendingBytes -= p.bytes.length;
          if (keep.length) d.pending.set(tid, keep);
          else d.pending.delete(tid);
        }
        if (d.templates.size === 0 && d.pending.size === 0 && nowMs - d.lastSeenMs > this.limits.templateTimeoutMs) {
          ex.domains.delete(dk);
          this.domainCount--;
        }
      }
      if (ex.domains.size === 0) {
        this.exporters.delete(key);
        if (this.lastExporter === ex) this.lastExporter = null;
      }
    }
    this.templateCount -= dropped;
    return dropped;
  }

  stats(): DomainStats[] {
    const out: DomainStats[] = [];
    for (const ex of this.exporters.values()) {
      for (const d of ex.domains.values()) {
        let options = 0;
        for (const t of d.templates.values()) if (t.options) options++;
        let pendingSets = 0;
        for (const list of d.pending.values()) pendingSets += list.length;
        out.push({
          exporter: ex.key, version: d.version, domain: d.id, templates: d.templates.size - options, optionsTemplates: options,
          sampling: d.sampling, samplingAlgorithm: d.samplingAlgorithm, lost: d.lost, gaps: d.gaps, resets: d.resets, pendingSets,
        });
      }
    }
    return out;
  }
}
