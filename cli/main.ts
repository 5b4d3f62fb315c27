#!/usr/bin/env node
import { Command, Option } from 'commander';
import { registerAdapterCommand } from './commands/adapter.js';
import { registerGatewayCommand } from './commands/gateway.js';
import { registerKnobsCommand } from './commands/knobs.js';
import { registerKubeletCommand } from './commands/kubelet.js';
import { registerModelCommand } from './commands/model.js';
import { registerOciCommands } from './commands/oci.js';
import { registerSdfCommand } from './commands/sdf.js';
import { registerSimCommand } from './commands/sim.js';
import { registerTelemetryCommand } from './commands/telemetry.js';
import { registerTinymlCommand } from './commands/tinyml.js';
import { registerUpCommand } from './commands/up.js';

const program = new Command()
  .name('farside')
  .description('Microcontrollers as Kubernetes nodes: LwM2M gateway, device simulator and more')
  .option('--log-level <level>', 'trace, debug, info, warn, error', 'info')
  .addOption(new Option('--log-format <format>', 'log output (default: pretty on a terminal, JSON otherwise)').choices(['pretty', 'json']))
  .showHelpAfterError();

registerUpCommand(program);
registerGatewayCommand(program);
registerSimCommand(program);
registerSdfCommand(program);
registerOciCommands(program);
registerTinymlCommand(program);
registerKubeletCommand(program);
registerTelemetryCommand(program);
registerKnobsCommand(program);
registerModelCommand(program);
registerAdapterCommand(program);

await program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`farside: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
