import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../core/access.ts';
import { notifyOverdue } from '../../server/modules/incidents/deadlines.ts';
import { withDeps } from '../context.ts';

const CLI_ACTOR = { ...SYSTEM_ACTOR, label: 'cli' };

/** `renkei incidents …`: periodic work of incident handling (run from cron or a systemd timer). */
export function registerIncidentCommands(program: Command): void {
  const incidents = program.command('incidents').description('インシデント対応');
  incidents
    .command('overdue')
    .description('期限を過ぎた報告（個人情報保護委員会への速報・確報、文部科学省、CISO）を CSIRT と CISO にメールで知らせます（定期実行用。1件につき1回だけ）')
    .option('--json', 'JSON で出力します')
    .action(async (opts: { json?: boolean }) => {
      const run = await withDeps((deps) => notifyOverdue(deps, CLI_ACTOR));
      if (opts.json) process.stdout.write(`${JSON.stringify(run)}\n`);
      else if (!run.notified.length) process.stdout.write('期限超過の報告はありません / nothing overdue\n');
      else for (const n of run.notified) process.stdout.write(`${n.incidentId} ${n.kind}: 期限 ${n.dueAt}、メール ${n.emails} 通\n`);
    });
}
