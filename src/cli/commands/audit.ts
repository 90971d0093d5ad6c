import type { Command } from 'commander';
import { verifyChain } from '../../server/platform/audit/service.ts';
import { withDeps } from '../context.ts';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('監査ログ');
  audit
    .command('verify')
    .description('監査ログのハッシュチェーンを検証し、最初に壊れている箇所を報告します')
    .option('--json', 'JSON で出力します')
    .action(async (opts: { json?: boolean }) => {
      const result = await withDeps((deps) => verifyChain(deps.db));
      if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else if (result.ok) process.stdout.write(`audit log intact: ${result.checked} entries verified\n`);
      else {
        const b = result.firstBreak!;
        process.stderr.write(`audit log BROKEN at seq ${b.seq} (${b.reason}): expected ${b.expected}, found ${b.found}; ${result.checked} entries before it are intact\n`);
      }
      if (!result.ok) process.exitCode = 3;
    });
}
