import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { packageRoot } from '../platform/paths.js';
import { describeCliFailure } from './failure.js';
import { type CliIO, ExitCode } from './io.js';
import type { CliVerb } from './verb.js';
import { VERBS } from './verbs/index.js';

/** The version in Watchkeeper's own package.json (the one `npm ci` installed this code from). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/** Builds the `watchkeeper` program from the verb registry and runs it; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = new Command('watchkeeper')
    .description('Slack ChatOps for the customer side of AWS security')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  const bind = (parent: Command, verb: CliVerb): void => {
    const command = parent.command(verb.name).description(verb.description).exitOverride();
    verb.configure?.(command);
    for (const sub of verb.subcommands ?? []) bind(command, sub);
    const run = verb.run;
    if (!run) return;
    command.action(async (...received: unknown[]) => {
      // commander passes positional args, then the options object, then the command itself.
      const options = (received.at(-2) ?? {}) as Record<string, unknown>;
      exitCode = await run(io, received.slice(0, -2), options);
    });
  };
  for (const verb of VERBS) bind(program, verb);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
    const failure = describeCliFailure(error, io.env);
    io.stderr.write(`watchkeeper: ${failure.message}\n`);
    if (failure.stack) io.stderr.write(`${failure.stack}\n`);
    return failure.exitCode;
  }
  return exitCode;
}

export async function main(): Promise<void> {
  // The AWS SDK's documented switch for its Node-version notice (aws/aws-sdk-js-v3#7983): the
  // product supports Node 20 (the Docker image runs the current LTS); an explicit value is kept.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const code = await runCli(process.argv.slice(2), {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    now: () => new Date(),
  });
  process.exitCode = code;
}
