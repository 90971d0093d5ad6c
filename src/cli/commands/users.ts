import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../core/access.ts';
import { createConsortiumAdmin } from '../../server/modules/consortium/service.ts';
import { normaliseEmail } from '../../server/platform/auth/service.ts';
import { clearThrottle } from '../../server/platform/auth/repo.ts';
import { withDeps } from '../context.ts';

const CLI_ACTOR = { ...SYSTEM_ACTOR, label: 'cli' };

async function readPassword(): Promise<string> {
  if (process.env.RENKEI_ADMIN_PASSWORD) return process.env.RENKEI_ADMIN_PASSWORD;
  if (!process.stdin.isTTY) {
    // Piped: the first line of standard input.
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) return line;
    throw new Error('no password on standard input');
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const answer = await rl.question('パスワード: ');
  rl.close();
  return answer;
}

export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('アカウントの管理');

  users
    .command('create-admin')
    .description('コンソーシアム管理者（運用組織の管理者）を作成します。パスワードは RENKEI_ADMIN_PASSWORD、標準入力、または対話入力で渡します')
    .requiredOption('--email <email>', 'メールアドレス')
    .option('--name <name>', '表示名', '管理者')
    .action(async (opts: { email: string; name: string }) => {
      const password = await readPassword();
      const created = await withDeps((deps) => createConsortiumAdmin(deps, CLI_ACTOR, { email: opts.email, displayName: opts.name, password }));
      process.stdout.write(`created administrator ${created.email} (institution: ${created.institution})\n`);
    });

  users
    .command('unlock')
    .description('サインイン試行によるロックを解除します')
    .argument('<email>', 'メールアドレス')
    .action(async (email: string) => {
      const n = await withDeps((deps) => clearThrottle(deps.db, `acct:${normaliseEmail(email)}`));
      process.stdout.write(n ? `unlocked ${normaliseEmail(email)}\n` : `${normaliseEmail(email)} was not locked\n`);
    });
}
