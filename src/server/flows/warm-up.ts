/**
 * Warms the decoder's hot path up in a fresh thread before its socket opens: a new worker
 * starts with cold code (interpreted until V8 has seen enough calls), and under a flood the
 * first few hundred milliseconds of slow decoding are enough to fill the kernel's receive
 * buffer. A scratch decoder and batch decode synthetic NetFlow v5, v9 (a template before the
 * data in every packet, as nfreplay and some exporters send) and IPFIX packets; no state of
 * the real decoder is touched.
 */
import { FlowBatch } from '../../core/flows/batch.ts';
import { FlowDecoder, MAX_FLOWS_PER_PACKET } from '../../core/flows/decoder.ts';
import { type FieldSpec, dataSet, ipfixPacket, ipfixTemplateSet, record, v5Packet, v9Packet, v9TemplateSet } from '../../core/flows/synth.ts';

const V4: FieldSpec[] = [8, 12, 7, 11, 4, 6, 2, 1, 22, 21].map((id, i) => ({ id, length: [4, 4, 2, 2, 1, 1, 4, 4, 4, 4][i]! }));
const V6: FieldSpec[] = [27, 28, 7, 11, 4, 6, 2, 1, 22, 21].map((id, i) => ({ id, length: [16, 16, 2, 2, 1, 1, 4, 4, 4, 4][i]! }));
const IPFIX: FieldSpec[] = [8, 12, 7, 11, 4, 6, 2, 1, 152, 153].map((id, i) => ({ id, length: [4, 4, 2, 2, 1, 1, 8, 8, 8, 8][i]! }));

/** The synthetic packets (1 280 flows, none malformed). */
export function warmUpPackets(): Uint8Array[] {
  const unix = 1_767_225_600;
  const rec4 = (i: number) => record(V4, [`198.51.100.${i & 255}`, `203.0.113.${(i * 7) & 255}`, 1024 + i, 443, 6, 0x1b, 10, 4000, 3_599_000, 3_599_900]);
  const rec6 = (i: number) => record(V6, [`2001:db8::${i.toString(16)}`, '2001:db8:1::1', 1024 + i, 53, 17, 0, 1, 80, 3_599_000, 3_599_000]);
  const recI = (i: number) => record(IPFIX, [`192.0.2.${i & 255}`, '198.51.100.1', 2000 + i, 80, 6, 0x12, 3, 180, unix * 1000, unix * 1000 + 5]);
  const out: Uint8Array[] = [];
  for (let p = 0; p < 16; p++) {
    const h = { sysUptimeMs: 3_600_000 + p, unixSecs: unix, sequence: p, sourceId: 1 };
    const sets: Uint8Array[] = [];
    for (let r = 0; r < 10; r++) sets.push(v9TemplateSet([{ id: 256, fields: V4 }]), dataSet(256, [rec4(p * 10 + r)]));
    out.push(v9Packet(h, sets));
    out.push(v9Packet(h, [v9TemplateSet([{ id: 257, fields: V6 }]), dataSet(257, Array.from({ length: 20 }, (_, r) => rec6(r)))]));
    out.push(ipfixPacket({ exportSecs: unix, sequence: p * 20, domain: 1 }, [ipfixTemplateSet([{ id: 300, fields: IPFIX }]), dataSet(300, Array.from({ length: 20 }, (_, r) => recI(r)))]));
    const flows = Array.from({ length: 30 }, (_, r) => ({
      src: `10.0.${p}.${r}`, dst: '192.0.2.1', srcPort: 1024 + r, dstPort: 443, proto: 6, tcpFlags: 0x1b, packets: 5, bytes: 900, first: 3_599_000, last: 3_599_500,
    }));
    out.push(v5Packet({ sysUptimeMs: 3_600_000 + p, unixSecs: unix, sequence: p * 30 }, flows));
  }
  return out;
}

/** Decodes synthetic packets for about `ms` milliseconds (at least one round). Returns the flows decoded. */
export function warmUpDecoder(ms = 150): number {
  const list = warmUpPackets();
  const decoder = new FlowDecoder();
  const batch = new FlowBatch(MAX_FLOWS_PER_PACKET * 2);
  const exporter = { id: 0, key: 'warm-up:0' };
  const until = Date.now() + ms;
  let flows = 0;
  do {
    for (let round = 0; round < 5; round++) {
      for (const p of list) {
        decoder.decode(p, exporter, until, batch);
        flows += batch.length;
        batch.clear();
      }
    }
  } while (Date.now() < until);
  return flows;
}
