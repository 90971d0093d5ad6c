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
    .description('未提出の回答者への回答期限の前後の催促と、監査の資料依頼の期限（前日・当日・超過）の知らせを送信箱に入れます（定期実行用。同じ段階は1人1回だけ）')
    .option('--json', 'JSON で出力します')
    .action(async (opts: { json?: boolean }) => {
      const run = await withDeps((deps) => sendReminders(deps, CLI_ACTOR));
      if (opts.json) process.stdout.write(`${JSON.stringify(run)}\n`);
      else if (!run.campaigns.length && !run.requests.length) process.stdout.write('催促の対象はありません / no reminders due\n');
      else {
        for (const c of run.campaigns) process.stdout.write(`${c.campaignId} ${c.stage}: ${c.reminded} 人に催促（メール ${c.emails} 通）\n`);
        for (const r of run.requests) process.stdout.write(`${r.auditId} 資料依頼 ${r.requestId} ${r.stage}: ${r.reminded} 人に通知（メール ${r.emails} 通）\n`);
      }
    });
}
