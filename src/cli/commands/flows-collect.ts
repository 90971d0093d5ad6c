/**
 * `renkei flows collect --port N [--host 127.0.0.1] [--stats-seconds 10]`: the UDP flow
 * collector alone (NetFlow v5, v9, IPFIX), without a server or database. Prints one JSON
 * stats line to stdout every --stats-seconds and a final one on SIGTERM/SIGINT, then exits 0.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { Collector, type CollectorStats } from '../../server/flows/collector.ts';

interface CollectOptions {
  port: number;
  host: string;
  statsSeconds: number;
  recvBuffer: number;
}

function parseIntIn(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${min}〜${max} の整数 / an integer from ${min} to ${max}`);
    return n;
  };
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('正の秒数 / a positive number of seconds');
  return n;
}

export function registerFlowsCollectCommand(flows: Command): void {
  flows
    .command('collect')
    .description('NetFlow v5/v9・IPFIX の UDP コレクタを単独で動かし、統計を JSON で出力します / run the UDP flow collector alone')
    .requiredOption('--port <n>', '待ち受ける UDP ポート（0: 空きポート）', parseIntIn(0, 65535))
    .option('--host <address>', '待ち受けるアドレス', '127.0.0.1')
    .option('--stats-seconds <s>', '統計を出力する間隔（秒）', parseSeconds, 10)
    .option('--recv-buffer <bytes>', 'ソケットの受信バッファ（カーネルの net.core.rmem_max が上限）', parseIntIn(65_536, 2 ** 31 - 1), 32 * 1024 * 1024)
    .action(async (opts: CollectOptions) => {
      const t0 = Date.now();
      let last = { flows: 0, packets: 0, t: t0 };
      const collector = new Collector({ port: opts.port, host: opts.host, recvBufferSize: opts.recvBuffer, worker: true, onBatch: () => {} });
      let port: number;
      try {
        port = await collector.start();
      } catch (err) {
        process.stderr.write(`error: UDP ${opts.host}:${opts.port} で待ち受けできません / cannot listen: ${(err as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      process.stderr.write(`collecting on udp ${opts.host}:${port}\n`);
      const line = (s: CollectorStats, final: boolean) => {
        const now = Date.now();
        const dt = (now - last.t) / 1000;
        const rate = dt > 0 ? Math.round((s.flows - last.flows) / dt) : 0;
        last = { flows: s.flows, packets: s.packets, t: now };
        process.stdout.write(`${JSON.stringify({ time: new Date(now).toISOString(), port, uptimeSeconds: Math.round((now - t0) / 1000), flowsPerSecond: rate, ...s, ...(final ? { final: true } : {}) })}\n`);
      };
      const timer = setInterval(() => line(collector.stats(), false), opts.statsSeconds * 1000);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      clearInterval(timer);
      line(await collector.stop(), true);
    });
}
