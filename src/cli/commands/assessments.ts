import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../core/access.ts';
import { sendReminders } from '../../server/modules/assessments/reminders.ts';
import { withDeps } from '../context.ts';

const CLI_ACTOR = { ...SYSTEM_ACTOR, label: 'cli' };

/** `renkei assessments …`: periodic work of self-inspection campaigns (run from cron or a systemd timer). */
export function registerAssessmentCommands(program: Command): void {
  const assessments = program.command('assessments').description('自己点検');
  assessments
    .command('remind')
    .description('未提出の回答者に、回答期限の前後の催促メールを送信箱に入れます（定期実行用。同じ段階の催促は1人1回だけ）')
    .option('--json', 'JSON で出力します')
    .action(async (opts: { json?: boolean }) => {
      const run = await withDeps((deps) => sendReminders(deps, CLI_ACTOR));
      if (opts.json) process.stdout.write(`${JSON.stringify(run)}\n`);
      else if (!run.campaigns.length) process.stdout.write('催促の対象はありません / no reminders due\n');
      else for (const c of run.campaigns) process.stdout.write(`${c.campaignId} ${c.stage}: ${c.reminded} 人に催促（メール ${c.emails} 通）\n`);
    });
}
