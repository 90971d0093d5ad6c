/**
 * Flow decoding rate per core: FlowDecoder over synthetic export streams shaped like real
 * exporters' (a template, then packets of ~30 data records): NetFlow v5, NetFlow v9 (a Cisco
 * IOS-like IPv4 template) and IPFIX (IPv4 and IPv6 templates with millisecond times).
 * Run: `npm run bench -- flow-decode` (seconds per stream with BENCH_FLOW_SECONDS).
 */
import { performance } from 'node:perf_hooks';
import { FlowBatch } from '../src/core/flows/batch.ts';
import { FlowDecoder, MAX_FLOWS_PER_PACKET } from '../src/core/flows/decoder.ts';
import {
  type FieldSpec, type Value, dataSet, ipfixPacket, ipfixTemplateSet, record, v5Packet, v9Packet, v9TemplateSet,
} from '../src/core/flows/synth.ts';

const SECONDS = Number(process.env.BENCH_FLOW_SECONDS ?? 2);
const PACKETS = 2000; // distinct packets per stream, replayed in a loop
const T0 = 1_775_000_000;

let seed = 42;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed % n;
};
const ip4 = () => `${10 + rnd(200)}.${rnd(256)}.${rnd(256)}.${1 + rnd(254)}`;
const ip6 = () => `2001:db8:${rnd(65536).toString(16)}:${rnd(65536).toString(16)}::${(1 + rnd(65535)).toString(16)}`;
const port = () => (rnd(2) ? 443 : 1024 + rnd(64000));

/** Cisco IOS NetFlow v9 IPv4 template (45-byte records). */
const V9: FieldSpec[] = [
  { id: 8, length: 4 }, { id: 12, length: 4 }, { id: 15, length: 4 }, { id: 10, length: 2 }, { id: 14, length: 2 }, { id: 2, length: 4 },
  { id: 1, length: 4 }, { id: 22, length: 4 }, { id: 21, length: 4 }, { id: 7, length: 2 }, { id: 11, length: 2 }, { id: 6, length: 1 },
  { id: 4, length: 1 }, { id: 5, length: 1 }, { id: 16, length: 2 }, { id: 17, length: 2 }, { id: 9, length: 1 }, { id: 13, length: 1 },
];
const v9Record = (): Value[] => [ip4(), ip4(), ip4(), 1 + rnd(50), 1 + rnd(50), 1 + rnd(100), 40 + rnd(150_000), 100_000 + rnd(50_000), 160_000 + rnd(1000), port(), port(), rnd(64), 6, 0, rnd(65536), rnd(65536), 24, 24];

/** IPFIX IPv4 template with 8-byte counters and millisecond times (51-byte records). */
const IPFIX4: FieldSpec[] = [
  { id: 8, length: 4 }, { id: 12, length: 4 }, { id: 7, length: 2 }, { id: 11, length: 2 }, { id: 4, length: 1 }, { id: 6, length: 1 },
  { id: 1, length: 8 }, { id: 2, length: 8 }, { id: 152, length: 8 }, { id: 153, length: 8 }, { id: 10, length: 2 }, { id: 14, length: 2 },
  { id: 5, length: 1 },
];
const IPFIX6: FieldSpec[] = IPFIX4.map((f) => (f.id === 8 ? { id: 27, length: 16 } : f.id === 12 ? { id: 28, length: 16 } : f));
const ipfixRecord = (v6: boolean): Value[] => {
  const ms = T0 * 1000 - rnd(60_000);
  return [v6 ? ip6() : ip4(), v6 ? ip6() : ip4(), port(), port(), 6, rnd(64), 40 + rnd(1e6), 1 + rnd(1000), ms - rnd(30_000), ms, rnd(50), rnd(50), 0];
};

interface Stream {
  name: string;
  setup: Uint8Array;
  packets: Uint8Array[];
}

function v9Stream(): Stream {
  const packets = Array.from({ length: PACKETS }, (_, i) =>
    v9Packet({ sysUptimeMs: 200_000, unixSecs: T0, sequence: i + 1, sourceId: 0 }, [dataSet(256, Array.from({ length: 30 }, () => record(V9, v9Record())))]),
  );
  return { name: 'NetFlow v9 (IPv4, 30 rec/pkt)', setup: v9Packet({ sysUptimeMs: 200_000, unixSecs: T0, sequence: 0, sourceId: 0 }, [v9TemplateSet([{ id: 256, fields: V9 }])]), packets };
}

function ipfixStream(v6: boolean, perPacket: number): Stream {
  const fields = v6 ? IPFIX6 : IPFIX4;
  const packets = Array.from({ length: PACKETS }, (_, i) =>
    ipfixPacket({ exportSecs: T0, sequence: i * perPacket, domain: 1 }, [dataSet(256, Array.from({ length: perPacket }, () => record(fields, ipfixRecord(v6))))]),
  );
  return {
    name: `IPFIX (${v6 ? 'IPv6' : 'IPv4'}, ${perPacket} rec/pkt)`,
    setup: ipfixPacket({ exportSecs: T0, sequence: 0, domain: 1 }, [ipfixTemplateSet([{ id: 256, fields }])]),
    packets,
  };
}

function v5Stream(): Stream {
  const packets = Array.from({ length: PACKETS }, (_, i) =>
    v5Packet({ sysUptimeMs: 200_000, unixSecs: T0, sequence: i * 30, sampling: 0 }, Array.from({ length: 30 }, () => ({
      src: ip4(), dst: ip4(), srcPort: port(), dstPort: port(), proto: 6, packets: 1 + rnd(100), bytes: 40 + rnd(150_000), first: 100_000 + rnd(50_000), last: 160_000,
    }))),
  );
  return { name: 'NetFlow v5 (30 rec/pkt)', setup: packets[0]!, packets };
}

function run(s: Stream): void {
  const decoder = new FlowDecoder();
  const out = new FlowBatch(64 * 1024);
  const exporter = { id: 1, key: '192.0.2.1:2055' };
  decoder.decode(s.setup, exporter, T0 * 1000, out);
  const bytes = s.packets.reduce((n, p) => n + p.length, 0) / s.packets.length;
  const pass = () => {
    let flows = 0;
    for (const p of s.packets) {
      if (out.capacity - out.length < MAX_FLOWS_PER_PACKET) out.clear();
      flows += decoder.decode(p, exporter, T0 * 1000, out).flows;
    }
    return flows;
  };
  for (let i = 0; i < 20; i++) pass(); // warm up (JIT)
  let packets = 0;
  let flows = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    flows += pass();
    packets += s.packets.length;
    elapsed = (performance.now() - t0) / 1000;
  } while (elapsed < SECONDS);
  if (decoder.totals.malformed) throw new Error(`${s.name}: ${JSON.stringify(decoder.totals.malformedReasons())}`);
  console.log(
    `${s.name.padEnd(32)} ${(packets / elapsed).toFixed(0).padStart(9)} packets/s  ${(flows / elapsed / 1e6).toFixed(2).padStart(6)} M flows/s  ` +
      `${((elapsed * 1e9) / flows).toFixed(0).padStart(4)} ns/flow  (${bytes.toFixed(0)}-byte packets)`,
  );
}

console.log(`one core, ${SECONDS} s per stream, ${PACKETS} distinct packets replayed; ~47 000 flows/s is a national backbone's average`);
for (const s of [v5Stream(), v9Stream(), ipfixStream(false, 28), ipfixStream(true, 19)]) run(s);
