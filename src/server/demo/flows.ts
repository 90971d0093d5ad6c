import type { Actor } from '../../core/access.ts';
import * as flows from '../modules/flows/service.ts';
import * as intel from '../modules/intel/service.ts';
import { actorFor } from '../platform/auth/service.ts';
import { loadPrincipal } from '../platform/auth/repo.ts';
import type { Deps } from '../platform/deps.ts';

/**
 * Demo threat intelligence and flow alerts, made through the services as an operator would:
 * three indicator sources imported from blocklists, then sightings for the fictional members'
 * hosts. Indicator addresses come from 198.18.0.0/15 (RFC 2544, benchmarking) and
 * 2001:db8:bad::/48, outside every member's documentation range, and reach nothing; the C2
 * list also names one domain (c2-sync.example) for trying an import of DNS logs.
 *
 * The story, over the last few hours: an urgent C2 contact at さくら went out at once and was
 * acknowledged; two alerts were confirmed by the analyst (あおば, ひばり); three wait in review.
 */
const SOURCES = [
  {
    name: 'デモ: C2 サーバー一覧', category: 'c2', confidence: 90, tlp: 'AMBER' as const,
    note: 'デモ用のブロックリスト（実在しないアドレス）',
    // The domain matches DNS logs imported on the alerts page (ログの取り込み); .example names cannot exist.
    file: '# デモ用 C2 サーバー一覧（RFC 2544 のベンチマーク用アドレスと .example のドメイン。実在しません）\n198.18.0.10\n198.18.0.11\n2001:db8:bad::1\nc2-sync.example\n',
  },
  {
    name: 'デモ: マルウェア配布サイト', category: 'malware-distribution', confidence: 70, tlp: 'GREEN' as const,
    note: 'デモ用のブロックリスト（実在しないアドレス）',
    file: '; デモ用 マルウェア配布サイト\n198.18.1.5\n198.18.1.6\n',
  },
  {
    name: 'デモ: スキャン元', category: 'scanner', confidence: 60, tlp: 'CLEAR' as const,
    note: 'デモ用のネットセット（実在しないアドレス）',
    file: '# デモ用 スキャン元（範囲）\n198.18.5.0/24\n',
  },
];

const MINUTE = 60_000;

export async function seedDemoFlows(deps: Deps): Promise<boolean> {
  const users = await deps.db
    .selectFrom('users').innerJoin('institutions', 'institutions.id', 'users.institution_id')
    .select(['users.id', 'users.email', 'institutions.code', 'institutions.id as institution_id'])
    .where('users.email', 'in', ['operator@soc.renkei.example', 'csirt@sakura-tech.example'])
    .execute();
  const operatorRow = users.find((u) => u.email === 'operator@soc.renkei.example');
  const csirtRow = users.find((u) => u.email === 'csirt@sakura-tech.example');
  if (!operatorRow || !csirtRow) return false;
  // Idempotent: once the first demo source exists, the rest was made with it.
  if (await deps.db.selectFrom('indicator_sources').select('id').where('name', '=', SOURCES[0]!.name).executeTakeFirst()) return false;

  const actorOf = async (id: string): Promise<Actor> => actorFor((await loadPrincipal(deps.db, id))!, null);
  const operator = await actorOf(operatorRow.id);
  const sakuraCsirt = await actorOf(csirtRow.id);
  const institutions = new Map((await deps.db.selectFrom('institutions').select(['id', 'code']).execute()).map((i) => [i.code, i.id]));

  const start = deps.now().getTime() - 4 * 60 * MINUTE;
  /** Deps whose clock reads `minutes` after the story starts, so response times look like real ones. */
  const at = (minutes: number): Deps => ({ ...deps, now: () => new Date(start + minutes * MINUTE) });

  for (const s of SOURCES) {
    const { id } = await intel.createSource(at(0), operator, { name: s.name, format: 'blocklist', defaultCategory: s.category, defaultConfidence: s.confidence, defaultTlp: s.tlp, note: s.note });
    await intel.importIndicators(at(1), operator, id, { filename: `${s.category}.txt`, text: s.file }, 'blocklist');
  }
  const indicators = await intel.listIndicators(deps, operator, {}, 1, 200);
  const indicator = (value: string) => indicators.items.find((i) => i.value === value)!.id;

  const iso = (minutes: number) => new Date(start + minutes * MINUTE).toISOString();
  const sighting = (code: string, host: string, remote: string, o: { out: boolean; established: boolean; bytes: number; packets: number; port: number; from: number; to: number; indicator?: string }) => ({
    institutionId: institutions.get(code)!, internalHost: host, remoteAddress: remote, indicatorId: indicator(o.indicator ?? remote), internalIsSource: o.out, proto: 6,
    srcPort: o.out ? 50_000 + (o.from % 1000) : o.port, dstPort: o.out ? o.port : 40_000 + (o.from % 1000), tcpFlags: o.established ? 0x1b : 0x02,
    bytes: o.bytes, packets: o.packets, start: iso(o.from), end: iso(o.to),
  });

  // さくら: a host talks to a C2 over an established session: urgent, sent at once, then acknowledged.
  const urgent = await flows.ingestSightings(at(10), [
    sighting('sakura', '192.0.2.20', '198.18.0.10', { out: true, established: true, bytes: 2_400_000, packets: 3100, port: 443, from: 2, to: 9 }),
  ]);
  await flows.changeStatus(at(35), sakuraCsirt, urgent.sent[0]!, 'acknowledged', '当該ホストの利用者に連絡し、ネットワークから切り離しました。');
  await flows.changeStatus(at(60), sakuraCsirt, urgent.sent[0]!, 'investigating');

  // The rest wait for the analyst.
  await flows.ingestSightings(at(20), [
    sighting('aoba', '198.51.100.7', '198.18.1.5', { out: true, established: true, bytes: 3_200_000, packets: 2600, port: 80, from: 12, to: 18 }),
    sighting('hibari', '203.0.113.80', '198.18.1.6', { out: true, established: false, bytes: 240, packets: 4, port: 8080, from: 13, to: 14 }),
    sighting('minato', '192.0.2.150', '198.18.0.11', { out: true, established: false, bytes: 360, packets: 6, port: 4444, from: 14, to: 16 }),
    sighting('hibari', '203.0.113.44', '198.18.5.23', { out: false, established: false, bytes: 120, packets: 3, port: 22, from: 15, to: 15, indicator: '198.18.5.0/24' }),
    sighting('sakura', '2001:db8:100::25', '2001:db8:bad::1', { out: false, established: true, bytes: 54_000, packets: 90, port: 443, from: 16, to: 19 }),
  ]);
  // The analyst confirms two of them; the rest stay in the review queue.
  const inReview = async (host: string) => (await flows.listReviewQueue(deps, operator, { host }, 1, 1)).items[0]!.id;
  await flows.confirmAlert(at(32), operator, await inReview('198.51.100.7'), 'マルウェア配布サイトからのダウンロードを確認。端末の確認をお願いします。');
  await flows.confirmAlert(at(41), operator, await inReview('203.0.113.80'));
  return true;
}
