import { runAlertCommand } from '../../alerts/alert-command.js';
import { type CliIO, ExitCode } from '../io.js';
import { offlineNormalizeOptions, readFileArg } from '../offline.js';
import type { CliVerb } from '../verb.js';

export const alertVerb: CliVerb = {
  name: 'alert',
  description:
    'Print the normalized alerts for an AWS input (GuardDuty, CloudWatch alarm, SNS, EventBridge, CloudTrail), from FILE or - (stdin)',
  configure(command) {
    command.argument('<file>', 'a JSON object, a JSON array, or JSON lines; - for stdin');
  },
  async run(io: CliIO, [file]) {
    const result = runAlertCommand(await readFileArg(String(file), io), await offlineNormalizeOptions(io));
    io.stdout.write(result.stdout);
    io.stderr.write(result.stderr);
    return result.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
  },
};
