import { Option } from 'commander';
import { runRunbooksLint, runRunbooksWhich } from '../../incidents/runbooks/cli.js';
import { defaultRunbooksDir, loadRunbooks, readRunbookSources } from '../../incidents/runbooks/loader.js';
import { type CliIO, ExitCode } from '../io.js';
import { alertsFromFile } from '../offline.js';
import type { CliVerb } from '../verb.js';

function finish(io: CliIO, out: { stdout: string; stderr: string; exitCode: number }): ExitCode {
  io.stdout.write(out.stdout);
  io.stderr.write(out.stderr);
  return out.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
}

export const runbooksVerb: CliVerb = {
  name: 'runbooks',
  description: 'Check runbooks and see which runbook an alert gets',
  subcommands: [
    {
      name: 'lint',
      description:
        'Validate every runbook file: schema, template variables, globs, duplicate ids, a fallback',
      configure(command) {
        command.option('--dir <dir>', 'runbook folder', defaultRunbooksDir());
      },
      async run(io, _args, options) {
        const dir = String(options.dir);
        return finish(io, runRunbooksLint(await readRunbookSources(dir), dir));
      },
    },
    {
      name: 'which',
      description: 'Show which runbook (id and title) an alert input gets',
      configure(command) {
        command.argument('<file>', 'any input `watchkeeper alert` accepts; - for stdin');
        command.addOption(
          new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
        );
      },
      async run(io, [file], options) {
        const read = await alertsFromFile(String(file), io);
        if ('stderr' in read) return finish(io, { stdout: '', stderr: read.stderr, exitCode: 2 });
        const alerts = read.alerts.length === 1 ? read.alerts[0] : read.alerts;
        return finish(io, runRunbooksWhich(alerts, options.format as 'text' | 'json', await loadRunbooks()));
      },
    },
  ],
};
