import type { Writable } from 'node:stream';

/**
 * What a CLI verb may touch, passed in so verbs run the same in tests as from the shell.
 * `env` is the process environment; only the config loader interprets it.
 */
export interface CliIO {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: NodeJS.ReadableStream;
  readonly stderrIsTTY: boolean;
  readonly now: () => Date;
}

/**
 * Exit codes: 0 ok, 1 failure at run time, 2 bad input or config (a missing or unreadable file
 * included), 3 the environment (Redis unreachable, a program missing) or `audit --fail-on`
 * tripped (audit reads only files, so the two never meet).
 */
export const ExitCode = { Ok: 0, Failure: 1, BadInput: 2, FindingsAtOrAbove: 3, Environment: 3 } as const;
// `watchkeeper owner` also exits 1 when nobody owns the resource (a finding, not a failure of the tool).
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Reads a file argument, or stdin when it is `-`. */
export async function readInput(
  path: string,
  io: CliIO,
  readFile: (p: string) => Promise<string>,
): Promise<string> {
  if (path !== '-') return readFile(path);
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
