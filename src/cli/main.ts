import { Command, CommanderError } from 'commander';
import { registerAssessmentCommands } from './commands/assessments.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerCatalogCommands } from './commands/catalog.ts';
import { registerFlowsCommands } from './commands/flows.ts';
import { registerIncidentCommands } from './commands/incidents.ts';
import { registerRedactCommand } from './commands/redact.ts';
import { registerServeCommands } from './commands/serve.ts';
import { registerUserCommands } from './commands/users.ts';
import { reportAndExit } from './context.ts';

const program = new Command()
  .name('renkei')
  .description('Renkei（連携）: 大学間情報セキュリティ連携基盤のコマンド')
  .showHelpAfterError()
  .exitOverride();

registerServeCommands(program);
registerUserCommands(program);
registerAuditCommands(program);
registerCatalogCommands(program);
registerFlowsCommands(program);
registerAssessmentCommands(program);
registerIncidentCommands(program);
registerRedactCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  reportAndExit(err);
}
