import { type Command, CommanderError } from 'commander';
import { registerFlowsCollectCommand } from './flows-collect.ts';
import { registerFlowsMatchCommand } from './flows-match.ts';

/** `renkei flows …`: flow matching over files and the UDP collector, without a server or database. */
export function registerFlowsCommands(program: Command): void {
  const flows = program.command('flows').description('フロー情報の照合とコレクタ（サーバーやデータベースは不要）');
  // A usage error (unknown --format, missing option, bad port) is bad input too: exit code 2, as for a bad file.
  // Set before the subcommands are added, which inherit it; help and version still exit 0.
  flows.exitOverride((err) => {
    throw err.exitCode === 0 ? err : new CommanderError(2, err.code, err.message);
  });
  registerFlowsMatchCommand(flows);
  registerFlowsCollectCommand(flows);
}
