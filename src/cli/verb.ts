import type { Command } from 'commander';
import type { CliIO, ExitCode } from './io.js';

/**
 * A CLI verb: it declares its arguments on the commander command it is given and returns an
 * exit code from `run`. A verb with `subcommands` is a group (`watchkeeper runbooks lint`).
 * The registry (verbs/index.ts) is the only place verb names are bound.
 */
export interface CliVerb {
  readonly name: string;
  readonly description: string;
  /** Declares arguments and options; `run` receives commander's parsed args. */
  configure?(command: Command): void;
  run?(io: CliIO, args: unknown[], options: Record<string, unknown>): Promise<ExitCode>;
  readonly subcommands?: readonly CliVerb[];
}
