import { readFile } from 'node:fs/promises';
import type { Alert } from '../alerts/alert.js';
import { runAlertCommand } from '../alerts/alert-command.js';
import { loadDetectionCatalog } from '../alerts/detections/catalog-loader.js';
import { detectionPort } from '../alerts/detections/normalizer-port.js';
import type { NormalizeOptions } from '../alerts/options.js';
import { type CliIO, readInput } from './io.js';

/**
 * Shared by the verbs that work without Redis, Slack or AWS (`alert`, `card`, `runbooks which`):
 * read FILE or stdin and normalize it with the shipped detection catalog and default severities.
 */
export async function offlineNormalizeOptions(io: CliIO): Promise<NormalizeOptions> {
  const catalog = await loadDetectionCatalog();
  return { now: io.now, detections: detectionPort(catalog) };
}

export async function readFileArg(path: string, io: CliIO): Promise<string> {
  return readInput(path, io, readTextFile);
}

/**
 * Reads a file a verb was given. Node leaves the path out of some refusals (reading a directory
 * gives EISDIR with no path): it is put back, so the CLI's one line can say which file (failure.ts).
 */
export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && (error as { path?: unknown }).path === undefined)
      Object.assign(error, { path });
    throw error;
  }
}

/** Normalized alerts, or the exact text `watchkeeper alert` would print for bad input. */
export async function alertsFromFile(
  path: string,
  io: CliIO,
): Promise<{ alerts: Alert[] } | { stderr: string; exitCode: 2 }> {
  const result = runAlertCommand(await readFileArg(path, io), await offlineNormalizeOptions(io));
  if (result.exitCode !== 0) return { stderr: result.stderr, exitCode: 2 };
  if (result.stderr) io.stderr.write(result.stderr);
  return { alerts: JSON.parse(result.stdout) as Alert[] };
}
