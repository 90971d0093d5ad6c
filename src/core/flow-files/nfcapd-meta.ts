/**
 * The non-flow records of an nfcapd file: exporter info (type 7), samplers (15, legacy 9),
 * and the appendix's ident (0x8001) and stat (0x8002) records. Layouts from nfdump 1.7's
 * exporter.h and nfdump.h (stat_record_t: 18 u64 counters).
 */
import { formatAddress } from '../flows/batch.ts';

const TWO32 = 4294967296;

export interface NfcapdExporter {
  sysid: number;
  /** NetFlow version (5, 9, 10 = IPFIX). */
  version: number;
  /** Engine / source id / observation domain the exporter announced. */
  id: number;
  address: string;
}

export interface NfcapdSampler {
  exporter: number;
  /** Sampler id; nfcapd's own: -1 generic (from the v5 header or options), -2 default (`-s N`), -3 overwrite (`-s -N`). */
  id: number;
  packetInterval: number;
  spaceInterval: number;
}

export interface NfcapdStat {
  flows: number;
  bytes: number;
  packets: number;
  firstSeen: number;
  lastSeen: number;
  sequenceFailures: number;
}

export class NfcapdMeta {
  readonly exporters: NfcapdExporter[] = [];
  readonly samplers: NfcapdSampler[] = [];
  ident: string | undefined;
  stat: NfcapdStat | undefined;
  private readonly byExporter = new Map<number, NfcapdSampler[]>();

  /** Takes a non-flow record; false when its type is not one of the above (or too short to be). */
  record(dv: DataView, p: number, type: number, size: number): boolean {
    if (type === 7 && size >= 32) {
      const family = dv.getUint16(p + 24, true);
      const address = family === 10 ? ipv6Text(dv, p + 8) : ipv4Text(dv.getUint32(p + 16, true));
      const sysid = dv.getUint16(p + 26, true);
      const ex = { sysid, version: dv.getUint32(p + 4, true), id: dv.getUint32(p + 28, true), address };
      const known = this.exporters.findIndex((x) => x.sysid === sysid);
      if (known >= 0) this.exporters[known] = ex;
      else this.exporters.push(ex);
    } else if (type === 15 && size >= 24) {
      this.addSampler({
        exporter: dv.getUint16(p + 4, true),
        id: Number(dv.getBigInt64(p + 8, true)),
        packetInterval: dv.getUint32(p + 16, true) || 1,
        spaceInterval: dv.getUint32(p + 20, true),
      });
    } else if (type === 9 && size >= 16) {
      const interval = dv.getUint32(p + 8, true);
      this.addSampler({ exporter: dv.getUint16(p + 14, true), id: dv.getInt32(p + 4, true), packetInterval: 1, spaceInterval: Math.max(0, interval - 1) });
    } else if (type === 0x8001) {
      const bytes: number[] = [];
      for (let e = p + 4; e < p + size && dv.getUint8(e) !== 0; e++) bytes.push(dv.getUint8(e));
      this.ident = new TextDecoder().decode(new Uint8Array(bytes));
    } else if (type === 0x8002 && size >= 4 + 18 * 8) {
      const u64 = (k: number) => dv.getUint32(p + 8 + k * 8, true) * TWO32 + dv.getUint32(p + 4 + k * 8, true);
      this.stat = { flows: u64(0), bytes: u64(1), packets: u64(2), firstSeen: u64(15), lastSeen: u64(16), sequenceFailures: u64(17) };
    } else {
      return false;
    }
    return true;
  }

  /**
   * The sampler nfcapd applied to a flagged record of this exporter. The record does not name
   * it; nfcapd prefers overwrite (-3), then the exporter's announced sampler, then generic
   * (-1), then default (-2): we take overwrite, generic, default, else the latest announced.
   */
  sampler(exporter: number): NfcapdSampler | undefined {
    const list = this.byExporter.get(exporter);
    if (!list || list.length === 0) return undefined;
    for (const id of [-3, -1, -2]) {
      const s = list.find((x) => x.id === id);
      if (s) return s;
    }
    return list[list.length - 1];
  }

  private addSampler(s: NfcapdSampler): void {
    const list = this.byExporter.get(s.exporter) ?? [];
    const i = list.findIndex((x) => x.id === s.id);
    if (i >= 0) list.splice(i, 1);
    list.push(s);
    this.byExporter.set(s.exporter, list);
    const j = this.samplers.findIndex((x) => x.exporter === s.exporter && x.id === s.id);
    if (j >= 0) this.samplers[j] = s;
    else this.samplers.push(s);
  }
}

function ipv4Text(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

function ipv6Text(dv: DataView, at: number): string {
  const words = Uint32Array.of(dv.getUint32(at + 4, true), dv.getUint32(at, true), dv.getUint32(at + 12, true), dv.getUint32(at + 8, true));
  return formatAddress(words, 0, 6);
}
