import type { ChildProcess } from 'node:child_process';

/** Which bot process has exited, in words, or undefined while all run. */
export function exitedBotProcess(
  processes: Readonly<Record<string, Pick<ChildProcess, 'exitCode' | 'signalCode'>>>,
): string | undefined {
  for (const [role, p] of Object.entries(processes))
    if (p.exitCode !== null || p.signalCode !== null)
      return `the ${role} process exited during the run (${p.signalCode ?? `exit code ${p.exitCode}`})`;
  return undefined;
}
