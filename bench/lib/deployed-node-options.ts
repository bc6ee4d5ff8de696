import { readFileSync } from 'node:fs';

/**
 * The Node options the image gives every bot process (`ENV NODE_OPTIONS` in the Dockerfile's last
 * stage), so the bench runs the bot with the runtime settings it is deployed with, not Node's
 * defaults. Read from the Dockerfile itself: one place says what production runs.
 */
export function deployedNodeOptions(dockerfile: string): string {
  const stages = dockerfile.split(/^FROM\s/m);
  const runtime = stages[stages.length - 1] ?? '';
  const quoted = /^ENV\s.*\bNODE_OPTIONS="([^"]*)"/m.exec(runtime);
  if (quoted) return quoted[1] ?? '';
  return /^ENV\s.*\bNODE_OPTIONS=(\S+)/m.exec(runtime)?.[1] ?? '';
}

export function readDeployedNodeOptions(): string {
  return deployedNodeOptions(readFileSync(new URL('../../../Dockerfile', import.meta.url), 'utf8'));
}
