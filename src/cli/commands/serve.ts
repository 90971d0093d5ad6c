import type { Command } from 'commander';
import { loadConfig } from '../../server/config.ts';
import { demoSignInHelp } from '../../server/demo/seed.ts';
import { startServer } from '../../server/main.ts';
import { withDeps } from '../context.ts';
import { migrateToLatest } from '../../server/db/index.ts';

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('Web サーバーを起動します（起動時にデータベースを最新の構造に移行します）')
    .action(async () => {
      const config = loadConfig();
      const server = await startServer(config);
      server.deps.log.info({ url: server.url, database: config.database.kind }, 'Renkei is listening');
      if (config.demo) process.stdout.write(demoSignInHelp(config.baseUrl));
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        server.deps.log.info({ signal }, 'shutting down');
        const force = setTimeout(() => process.exit(1), 15_000);
        force.unref();
        server.close().then(() => process.exit(0), () => process.exit(1));
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });

  program
    .command('migrate')
    .description('データベースを最新の構造に移行します')
    .action(async () => {
      const applied = await withDeps((deps) => migrateToLatest(deps.db), { migrate: false });
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'already up to date\n');
    });
}
