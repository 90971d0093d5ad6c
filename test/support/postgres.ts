/**
 * Vitest globalSetup: a throwaway PostgreSQL server for the whole test run.
 *
 * Uses Debian's binaries (/usr/lib/postgresql/<version>/bin). The admin URL reaches tests
 * through `inject('pgAdminUrl')` and process.env.RENKEI_TEST_PG_URL; test/support/db.ts
 * creates one database per test suite from it.
 *
 * - RENKEI_TEST_PG_URL already set: that server is used and nothing is started.
 * - No binaries: CI fails (both engines must be tested there); locally the PostgreSQL
 *   suites are skipped with a warning.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL server; '' when none is available. */
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.RENKEI_TEST_PG_URL;
  if (given) {
    project.provide('pgAdminUrl', given);
    return undefined;
  }

  const bin = findPgBin();
  if (!bin) {
    const msg = 'PostgreSQL binaries not found (looked for /usr/lib/postgresql/*/bin/initdb). Install Debian\'s `postgresql` package, or set RENKEI_TEST_PG_URL.';
    if (process.env.CI) throw new Error(`${msg} CI must test both database engines.`);
    console.warn(`\n${'!'.repeat(78)}\n!! ${msg}\n!! PostgreSQL tests will be SKIPPED.\n${'!'.repeat(78)}\n`);
    project.provide('pgAdminUrl', '');
    return undefined;
  }

  const server = await startServer(bin);
  process.env.RENKEI_TEST_PG_URL = server.url; // forked workers inherit it
  project.provide('pgAdminUrl', server.url);
  // Last resort if the run dies without calling the teardown (e.g. an uncaught error in vitest).
  const onExit = () => server.stopSync();
  process.once('exit', onExit);
  return async () => {
    process.off('exit', onExit);
    delete process.env.RENKEI_TEST_PG_URL; // so a watch-mode rerun starts a fresh server
    server.stopSync();
  };
}

/** The newest installed major version wins. */
function findPgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  let versions: string[];
  try {
    versions = fs.readdirSync(root);
  } catch {
    return undefined;
  }
  return versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin'))
    .find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')));
}

async function startServer(bin: string) {
  const isRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root, so as root everything runs as the `postgres` user.
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    return spawnSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    if (isRoot) execFileSync('chown', ['postgres:', dir]);

    const init = run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions']);
    if (init.status !== 0) throw new Error(`initdb failed (${init.status}):\n${init.stderr || init.stdout}`);

    // initdb -A trust only writes local-socket and loopback (127.0.0.1, ::1) entries to pg_hba.conf;
    // listening on 127.0.0.1 alone keeps the trust-authenticated server off the network.
    fs.appendFileSync(
      path.join(data, 'postgresql.conf'),
      [
        '',
        '# renkei test server',
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'fsync = off',
        'full_page_writes = off',
        'synchronous_commit = off',
        'max_connections = 300', // every test file opens its own pool
        '',
      ].join('\n'),
    );

    // A free port can be taken between probing and binding; retry a few times.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const start = run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', log, '-o', `-p ${port} -k '${dir}'`]);
      if (start.status === 0) {
        const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
        let stopped = false;
        return {
          url,
          stopSync() {
            if (stopped) return;
            stopped = true;
            run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '30']);
            cleanup();
          },
        };
      }
      const serverLog = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
      if (attempt >= 3 || !/address already in use|could not bind/i.test(serverLog)) {
        throw new Error(`pg_ctl start failed (${start.status}):\n${start.stderr || start.stdout}\n--- ${log} ---\n${serverLog}`);
      }
    }
  } catch (err) {
    cleanup();
    throw err;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
