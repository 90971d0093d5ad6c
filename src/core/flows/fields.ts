/**
 * Which information elements the decoder reads, and what it does with each ("roles").
 * Numbers are IANA IPFIX element ids; NetFlow v9 uses the same numbers for these fields.
 * Anything else in a template is skipped by its length. Enterprise-specific IPFIX fields
 * (PEN bit set) are not standard ones: YAF's reverse counters reuse standard ids under PEN
 * 29305, so only a known (enterprise, id) pair gets a role (see enterpriseRoleFor).
 */

export const R_NONE = 0;
export const R_SRC4 = 1;
export const R_DST4 = 2;
export const R_SRC6 = 3;
export const R_DST6 = 4;
export const R_SRC_PORT = 5;
export const R_DST_PORT = 6;
export const R_PROTO = 7;
export const R_TCP_FLAGS = 8;
export const R_BYTES = 9;
export const R_PACKETS = 10;
/** sysUptime-relative ms (v9: header uptime; IPFIX: systemInitTimeMilliseconds). */
export const R_START_UPTIME = 11;
export const R_END_UPTIME = 12;
export const R_START_SEC = 13;
export const R_END_SEC = 14;
export const R_START_MS = 15;
export const R_END_MS = 16;
/** NTP 64-bit timestamps (dateTimeMicroseconds / dateTimeNanoseconds). */
export const R_START_NTP = 17;
export const R_END_NTP = 18;
/** Negative offset in µs from the IPFIX message's export time. */
export const R_START_DELTA_US = 19;
export const R_END_DELTA_US = 20;
export const R_DURATION_MS = 21;
export const R_DURATION_US = 22;
export const R_SYS_INIT_MS = 23;
/** 1-in-N interval: v9 34 SAMPLING_INTERVAL, 50 FLOW_SAMPLER_RANDOM_INTERVAL (IPFIX 34, 50). */
export const R_SAMPLING_INTERVAL = 24;
export const R_SAMPLING_ALGORITHM = 25;
export const R_SAMPLER_ID = 26;
export const R_PKT_INTERVAL = 27;
export const R_PKT_SPACE = 28;
export const R_SAMPLE_SIZE = 29;
export const R_SAMPLE_POPULATION = 30;
/** The next-best byte/packet counter, used when the preferred one reads 0 (e.g. v9 exporters
 * that fill OUT_BYTES 23 and leave IN_BYTES 1 at zero for egress flows). */
export const R_BYTES_ALT = 31;
export const R_PACKETS_ALT = 32;
/** TCP flags ORed together: CERT/YAF initialTCPFlags and unionTCPFlags (PEN 6871, ids 14, 15). */
export const R_TCP_FLAGS_OR = 33;
export const ROLE_COUNT = 34;

/** CERT Coordination Center (YAF, SiLK). */
export const PEN_CERT = 6871;

/** Roles of which a template keeps only its best field, in order of preference. */
const PREFERENCE: Record<number, readonly number[]> = {
  [R_BYTES]: [1, 85, 23, 231], // octetDeltaCount, octetTotalCount, postOctetDeltaCount, initiatorOctets
  [R_PACKETS]: [2, 86, 24, 298], // packetDeltaCount, packetTotalCount, postPacketDeltaCount, initiatorPackets
  [R_START_MS]: [152, 154, 156, 150, 22, 158],
  [R_END_MS]: [153, 155, 157, 151, 21, 159],
  [R_DURATION_MS]: [161, 162],
  [R_SAMPLING_INTERVAL]: [34, 50],
  [R_SAMPLING_ALGORITHM]: [35, 49, 304],
  [R_SAMPLER_ID]: [302, 48],
};

/** The preference group an element belongs to (the key of PREFERENCE), or R_NONE. */
export function preferenceGroup(ie: number): number {
  for (const key in PREFERENCE) if (PREFERENCE[key]!.includes(ie)) return Number(key);
  return R_NONE;
}

/** Rank inside its group: lower is better. */
export function preferenceRank(ie: number): number {
  const g = preferenceGroup(ie);
  return g === R_NONE ? 0 : PREFERENCE[g]!.indexOf(ie);
}

const uint = (length: number, max = 8) => length >= 1 && length <= max;

/**
 * The role of a standard (non-enterprise) element of the given length, or R_NONE when the
 * decoder does not use it or the length is not one it can read (e.g. an address of 3 bytes).
 * Options templates only feed exporter state (sampling, system init time), never flows.
 */
export function roleFor(ie: number, length: number, options: boolean): number {
  switch (ie) {
    case 34:
    case 50:
      return uint(length) ? R_SAMPLING_INTERVAL : R_NONE;
    case 35:
    case 49:
    case 304:
      return uint(length) ? R_SAMPLING_ALGORITHM : R_NONE;
    case 48:
    case 302:
      return uint(length) ? R_SAMPLER_ID : R_NONE;
    case 160:
      return uint(length) ? R_SYS_INIT_MS : R_NONE;
    case 305:
      return options && uint(length) ? R_PKT_INTERVAL : R_NONE;
    case 306:
      return options && uint(length) ? R_PKT_SPACE : R_NONE;
    case 309:
      return options && uint(length) ? R_SAMPLE_SIZE : R_NONE;
    case 310:
      return options && uint(length) ? R_SAMPLE_POPULATION : R_NONE;
  }
  if (options) return R_NONE;
  switch (ie) {
    case 8:
      return length === 4 ? R_SRC4 : R_NONE;
    case 12:
      return length === 4 ? R_DST4 : R_NONE;
    case 27:
      return length === 16 ? R_SRC6 : R_NONE;
    case 28:
      return length === 16 ? R_DST6 : R_NONE;
    case 7:
      return uint(length, 4) ? R_SRC_PORT : R_NONE;
    case 11:
      return uint(length, 4) ? R_DST_PORT : R_NONE;
    case 4:
      return uint(length) ? R_PROTO : R_NONE;
    case 6:
      return uint(length) ? R_TCP_FLAGS : R_NONE;
    case 1:
    case 85:
    case 23:
    case 231:
      return uint(length) ? R_BYTES : R_NONE;
    case 2:
    case 86:
    case 24:
    case 298:
      return uint(length) ? R_PACKETS : R_NONE;
    case 22:
      return uint(length, 4) ? R_START_UPTIME : R_NONE;
    case 21:
      return uint(length, 4) ? R_END_UPTIME : R_NONE;
    case 150:
      return uint(length, 4) ? R_START_SEC : R_NONE;
    case 151:
      return uint(length, 4) ? R_END_SEC : R_NONE;
    case 152:
      return uint(length) ? R_START_MS : R_NONE;
    case 153:
      return uint(length) ? R_END_MS : R_NONE;
    case 154:
    case 156:
      return length === 8 ? R_START_NTP : R_NONE;
    case 155:
    case 157:
      return length === 8 ? R_END_NTP : R_NONE;
    case 158:
      return uint(length, 4) ? R_START_DELTA_US : R_NONE;
    case 159:
      return uint(length, 4) ? R_END_DELTA_US : R_NONE;
    case 161:
      return uint(length) ? R_DURATION_MS : R_NONE;
    case 162:
      return uint(length) ? R_DURATION_US : R_NONE;
  }
  return R_NONE;
}

/** The role of an enterprise-specific element: only YAF's forward TCP flags are read. */
export function enterpriseRoleFor(enterprise: number, ie: number, length: number): number {
  if (enterprise === PEN_CERT && (ie === 14 || ie === 15) && uint(length)) return R_TCP_FLAGS_OR;
  return R_NONE;
}

/** Roles that describe a flow's start or end time: a template keeps one start and one end. */
export function timeSide(role: number): 'start' | 'end' | null {
  switch (role) {
    case R_START_UPTIME:
    case R_START_SEC:
    case R_START_MS:
    case R_START_NTP:
    case R_START_DELTA_US:
      return 'start';
    case R_END_UPTIME:
    case R_END_SEC:
    case R_END_MS:
    case R_END_NTP:
    case R_END_DELTA_US:
      return 'end';
  }
  return null;
}
