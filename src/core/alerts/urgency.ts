/**
 * Urgency of a flow alert: how fast the owning institution must hear about it.
 *
 * The score (0-100) adds up evidence; every point comes with a reason (Japanese and English),
 * so that the analyst and the institution see why an alert is urgent.
 *
 * 1. Indicator category, weighted by the indicator's confidence (0-100; unknown counts as 50):
 *      c2 40 · botnet 35 · malware-distribution 30 · phishing 20 · (other/unknown) 15 · scanner 5
 *    points = weight × (0.5 + confidence / 200), so confidence moves a category by at most half.
 * 2. Traffic:
 *      outbound (the member's host contacted the indicator)           +20
 *      connection established (see `isEstablished`)                   +15
 *      volume: ≥ 1 MB +5, ≥ 100 MB +10 (bytes as exported, never scaled by sampling)
 *      repeated contact: ≥ 10 sightings +5; seen on ≥ 2 distinct days +10
 * 3. Levels: urgent ≥ 70 · high ≥ 50 · normal ≥ 30 · low below.
 *    An indicator with confidence < 30 is never `urgent` (capped at `high`): nothing weakly
 *    sourced goes out without an analyst's check.
 *
 * Examples: a C2 (confidence 90) contacted by a member's host over an established TCP session
 * scores 38 + 20 + 15 = 73 → urgent; an inbound SYN from a scanner (confidence 60) scores 4 → low.
 */

export const URGENCIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];

export interface UrgencyReason {
  key: string;
  points: number;
  ja: string;
  en: string;
}

export interface UrgencyInput {
  category: string | null;
  /** 0-100; null when the source did not say. */
  confidence: number | null;
  /** The member's host initiated contact with the indicator. */
  outbound: boolean;
  /** A connection was established (not just a handshake attempt or scan). */
  established: boolean;
  bytes: number;
  packets: number;
  sightings: number;
  distinctDays: number;
}

export interface UrgencyResult {
  urgency: Urgency;
  score: number;
  reasons: UrgencyReason[];
}

const CATEGORY_WEIGHT: Record<string, { points: number; ja: string; en: string }> = {
  c2: { points: 40, ja: 'C2（指令サーバ）', en: 'command-and-control server' },
  botnet: { points: 35, ja: 'ボットネット', en: 'botnet' },
  'malware-distribution': { points: 30, ja: 'マルウェア配布', en: 'malware distribution' },
  phishing: { points: 20, ja: 'フィッシング', en: 'phishing' },
  scanner: { points: 5, ja: 'スキャナ', en: 'scanner' },
};
const OTHER = { points: 15, ja: 'その他の脅威', en: 'other threat' };

const ALIASES: Record<string, string> = {
  'c&c': 'c2', cnc: 'c2', 'c-and-c': 'c2', 'command-and-control': 'c2', 'botnet-cc': 'c2', 'botnet-c2': 'c2',
  bot: 'botnet', malware: 'malware-distribution', 'malware-download': 'malware-distribution', 'payload-delivery': 'malware-distribution',
  'malicious-activity': 'malware-distribution', scan: 'scanner', scanning: 'scanner', 'brute-force': 'scanner', anonymization: 'scanner',
};

/** Canonical category: lower case, '_' and spaces as '-', common synonyms folded (C&C → c2). */
export function normaliseCategory(category: string | null | undefined): string | null {
  if (!category) return null;
  const c = category.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return ALIASES[c] ?? c;
}

export const LEVELS: readonly { urgency: Urgency; min: number }[] = [
  { urgency: 'urgent', min: 70 },
  { urgency: 'high', min: 50 },
  { urgency: 'normal', min: 30 },
  { urgency: 'low', min: 0 },
];

export function computeUrgency(input: UrgencyInput): UrgencyResult {
  const reasons: UrgencyReason[] = [];
  const cat = normaliseCategory(input.category);
  const w = (cat && CATEGORY_WEIGHT[cat]) || OTHER;
  const confidence = input.confidence === null || !Number.isFinite(input.confidence) ? 50 : Math.max(0, Math.min(100, input.confidence));
  const catPoints = Math.round(w.points * (0.5 + confidence / 200));
  reasons.push({ key: `category.${cat && CATEGORY_WEIGHT[cat] ? cat : 'other'}`, points: catPoints, ja: `指標の種別: ${w.ja}（確度 ${input.confidence ?? '不明'}）`, en: `indicator category: ${w.en} (confidence ${input.confidence ?? 'unknown'})` });
  if (input.outbound) reasons.push({ key: 'direction.outbound', points: 20, ja: '学内ホストから指標へ通信', en: 'internal host contacted the indicator' });
  else reasons.push({ key: 'direction.inbound', points: 0, ja: '指標から学内ホストへの通信のみ', en: 'only inbound traffic from the indicator' });
  if (input.established) reasons.push({ key: 'connection.established', points: 15, ja: '通信が確立している', en: 'connection established' });
  if (input.bytes >= 100e6) reasons.push({ key: 'volume.large', points: 10, ja: '通信量が 100 MB 以上', en: 'at least 100 MB transferred' });
  else if (input.bytes >= 1e6) reasons.push({ key: 'volume.medium', points: 5, ja: '通信量が 1 MB 以上', en: 'at least 1 MB transferred' });
  if (input.sightings >= 10) reasons.push({ key: 'repeat.sightings', points: 5, ja: `繰り返し検知（${input.sightings} 回）`, en: `repeated contact (${input.sightings} sightings)` });
  if (input.distinctDays >= 2) reasons.push({ key: 'repeat.days', points: 10, ja: `複数日にわたる通信（${input.distinctDays} 日）`, en: `contact on ${input.distinctDays} distinct days` });
  const score = Math.min(100, reasons.reduce((s, r) => s + r.points, 0));
  let urgency = LEVELS.find((l) => score >= l.min)!.urgency;
  if (urgency === 'urgent' && input.confidence !== null && input.confidence < 30) {
    urgency = 'high';
    reasons.push({ key: 'confidence.low_cap', points: 0, ja: '確度が低いため「緊急」にはしない（分析官の確認が必要）', en: 'low confidence: capped below urgent (analyst review needed)' });
  }
  return { urgency, score, reasons };
}

const TCP = 6;
const ACK = 0x10;
const PSH = 0x08;
const SYN = 0x02;
const RST = 0x04;

/**
 * Whether one flow shows an established connection rather than a handshake attempt:
 * TCP with ACK and either PSH (data) or more than 3 packets (beyond a handshake), and not a
 * bare SYN-ACK/RST answer to a scan; other protocols: more than 2 packets and over 300 bytes.
 */
export function isEstablished(flow: { proto: number; tcpFlags: number; packets: number; bytes: number }): boolean {
  if (flow.proto === TCP) {
    if (!(flow.tcpFlags & ACK)) return false;
    if ((flow.tcpFlags & RST) && !(flow.tcpFlags & PSH) && flow.packets <= 3) return false;
    if ((flow.tcpFlags & SYN) && !(flow.tcpFlags & PSH) && flow.packets <= 2) return false;
    return (flow.tcpFlags & PSH) !== 0 || flow.packets > 3;
  }
  return flow.packets > 2 && flow.bytes > 300;
}

/**
 * Whether a flow in which the member's host is the source is the host reaching out (outbound)
 * rather than answering (a server port talking back to an ephemeral port, e.g. SYN-ACK to a scan).
 */
export function isOutbound(flow: { internalIsSource: boolean; srcPort: number; dstPort: number; proto: number }): boolean {
  if (!flow.internalIsSource) return false;
  if ((flow.proto === 6 || flow.proto === 17) && flow.srcPort > 0 && flow.srcPort < 1024 && flow.dstPort >= 1024) return false;
  return true;
}
