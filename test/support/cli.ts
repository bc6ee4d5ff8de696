import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in-process with a given environment and stdin. */
export async function runCliForTest(
  argv: string[],
  env: Record<string, string | undefined> = {},
  stdin = '',
  options: { stderrIsTTY?: boolean } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const code = await runCli(argv, {
    env,
    stdout,
    stderr,
    stdin: Readable.from([stdin]),
    stderrIsTTY: options.stderrIsTTY ?? false,
    now: () => new Date('2026-11-23T10:00:00Z'),
  });
  return { code, stdout: out, stderr: err };
}
