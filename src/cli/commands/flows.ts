import type { Command } from 'commander';
import { registerFlowsCollectCommand } from './flows-collect.ts';
import { registerFlowsMatchCommand } from './flows-match.ts';

/** `renkei flows …`: flow matching over files and the UDP collector, without a server or database. */
export function registerFlowsCommands(program: Command): void {
  const flows = program.command('flows').description('フロー情報の照合とコレクタ（サーバーやデータベースは不要）');
  registerFlowsMatchCommand(flows);
  registerFlowsCollectCommand(flows);
}
