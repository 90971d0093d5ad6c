/** What one `FlowDecoder.decode` call did; one reusable object, reset per packet. */

/** Why a packet was dropped (DecodeResult.malformed). 0 = it was not. */
export const Malformed = {
  NONE: 0,
  /** Shorter than the version's header. */
  SHORT_HEADER: 1,
  /** Not 5, 9 or 10. */
  BAD_VERSION: 2,
  /** v5 record count 0, above 30, or more records than the packet holds. */
  V5_COUNT: 3,
  /** A set (flowset) shorter than its own header or running past the end of the packet. */
  SET_LENGTH: 4,
  /** A reserved set id (v9: 2-255; IPFIX: 0, 1, 4-255). */
  SET_ID: 5,
  /** A template record with an id below 256 that is not padding or an IPFIX withdraw-all. */
  TEMPLATE_ID: 6,
  /**
   * A v9 template with no field, a template with an absurd field count (over 512), or an
   * IPFIX options template whose scope count exceeds its field count.
   */
  TEMPLATE_FIELD_COUNT: 7,
  /** A template record running past the end of its set (e.g. an absurd field count). */
  TEMPLATE_TRUNCATED: 8,
  /** A layout whose records are 0 bytes long (would never advance) or cannot fit a packet. */
  TEMPLATE_LENGTH: 9,
  /** A data record with variable-length fields running past the end of its set. */
  RECORD_TRUNCATED: 10,
  /** IPFIX message length below 16 or beyond the packet. */
  MESSAGE_LENGTH: 11,
  /** Too many exporters or observation domains (state limits). */
  STATE_LIMIT: 12,
  /** An exception inside the decoder (a bug, not the input's fault); should never be seen. */
  INTERNAL: 13,
} as const;
export type MalformedReason = (typeof Malformed)[keyof typeof Malformed];

export const MALFORMED_NAMES: readonly string[] = [
  'none', 'short-header', 'bad-version', 'v5-count', 'set-length', 'set-id', 'template-id', 'template-field-count',
  'template-truncated', 'template-length', 'record-truncated', 'message-length', 'state-limit', 'internal',
];

export class DecodeResult {
  /** 5, 9 or 10 (IPFIX); 0 when the header could not be read. */
  version = 0;
  /** Rows appended to the batch (including rows from buffered data sets released now). */
  flows = 0;
  /** Data records not turned into flows: no address pair in the template, or options data. */
  skipped = 0;
  /** Of `skipped`, the options data records (sampling, system init time… applied to the domain). */
  optionsRecords = 0;
  /** Malformed.* reason when the packet was dropped (its flows are then not in the batch). */
  malformed: MalformedReason = Malformed.NONE;
  /** Template records learned (new or changed layout) or refreshed (same layout). */
  templates = 0;
  optionsTemplates = 0;
  /** Templates removed by IPFIX withdrawal. */
  withdrawn = 0;
  /** Templates not learned because the cache is full (maxTemplates). */
  templatesRejected = 0;
  /** Data sets whose template is unknown or expired. */
  waiting = 0;
  /** Of `waiting`, the sets kept to be decoded once the template comes. */
  buffered = 0;
  /** Buffered data sets decoded in this call because their template arrived. */
  released = 0;
  /** Units missing before this packet by its sequence number: v5 flows, v9 packets, IPFIX data records. */
  sequenceGap = 0;
  /** The sequence number went backwards (exporter restart, reordering): not counted as loss. */
  sequenceReset = false;
  /** Records dropped because the batch was full (keep `MAX_FLOWS_PER_PACKET` free before decoding). */
  overflow = 0;

  reset(): this {
    this.version = 0;
    this.flows = 0;
    this.skipped = 0;
    this.optionsRecords = 0;
    this.malformed = Malformed.NONE;
    this.templates = 0;
    this.optionsTemplates = 0;
    this.withdrawn = 0;
    this.templatesRejected = 0;
    this.waiting = 0;
    this.buffered = 0;
    this.released = 0;
    this.sequenceGap = 0;
    this.sequenceReset = false;
    this.overflow = 0;
    return this;
  }
}

/** Running totals over all packets a decoder has seen. */
export class DecodeTotals {
  packets = 0;
  flows = 0;
  skipped = 0;
  optionsRecords = 0;
  malformed = 0;
  readonly malformedByReason = new Float64Array(MALFORMED_NAMES.length);
  templates = 0;
  optionsTemplates = 0;
  withdrawn = 0;
  templatesRejected = 0;
  waiting = 0;
  buffered = 0;
  released = 0;
  sequenceLost = 0;
  sequenceResets = 0;
  overflow = 0;

  add(r: DecodeResult): void {
    this.packets++;
    this.flows += r.flows;
    this.skipped += r.skipped;
    this.optionsRecords += r.optionsRecords;
    if (r.malformed !== Malformed.NONE) {
      this.malformed++;
      this.malformedByReason[r.malformed]!++;
    }
    this.templates += r.templates;
    this.optionsTemplates += r.optionsTemplates;
    this.withdrawn += r.withdrawn;
    this.templatesRejected += r.templatesRejected;
    this.waiting += r.waiting;
    this.buffered += r.buffered;
    this.released += r.released;
    this.sequenceLost += r.sequenceGap;
    if (r.sequenceReset) this.sequenceResets++;
    this.overflow += r.overflow;
  }

  /** Malformed counts by reason name, for logs and status pages. */
  malformedReasons(): Record<string, number> {
    const out: Record<string, number> = {};
    this.malformedByReason.forEach((n, i) => {
      if (n > 0) out[MALFORMED_NAMES[i]!] = n;
    });
    return out;
  }
}
