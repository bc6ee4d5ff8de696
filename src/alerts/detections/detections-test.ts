import { formatProblems, InputError } from '../../platform/errors.js';
import { type Catalog, matchDetections } from './catalog.js';
import { type CloudTrailInput, type CloudTrailInputEvent, readCloudTrailEvents } from './event-input.js';

/**
 * `watchkeeper detections test`: which detections would fire for the given CloudTrail JSON.
 * Pure (text in, text out) so the CLI verb only does I/O. Exit 0 when every record was read
 * (matches or not); 2 when some could not be (the rest are still evaluated) or none could.
 */

export type DetectionsTestFormat = 'text' | 'json';

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface DetectionMatchSummary {
  readonly id: string;
  readonly control: string;
  readonly title: string;
}

export function runDetectionsTest(
  text: string,
  catalog: Catalog,
  format: DetectionsTestFormat,
): CommandOutput {
  let input: CloudTrailInput;
  try {
    input = readCloudTrailEvents(text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const detail = error.problems.length ? `:\n${formatProblems(error.problems)}` : '';
    const [headline] = error.message.split(':');
    return {
      stdout: '',
      stderr: `${error.problems.length ? headline : error.message}${detail}\nGive a CloudTrail record, an EventBridge "AWS API Call via CloudTrail" event, a CloudTrail log file ({"Records": [...]}) or JSON lines of them.\n`,
      exitCode: 2,
    };
  }
  const results = input.events.map((event) => ({
    event,
    matches: matchDetections(catalog, event.record).map(
      (d): DetectionMatchSummary => ({ id: d.id, control: d.control, title: d.title }),
    ),
  }));
  const stdout = format === 'json' ? jsonLines(results) : textReport(results);
  // The readable records are evaluated; the unreadable ones are named, and the exit code says so.
  if (input.problems.length === 0) return { stdout, stderr: '', exitCode: 0 };
  const count = input.problems.length;
  return {
    stdout,
    stderr: `${count} record${count === 1 ? '' : 's'} could not be read and ${count === 1 ? 'was' : 'were'} skipped:\n${formatProblems(input.problems)}\n`,
    exitCode: 2,
  };
}

interface EventResult {
  readonly event: CloudTrailInputEvent;
  readonly matches: readonly DetectionMatchSummary[];
}

function field(record: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = record[name];
  return typeof value === 'string' ? value : undefined;
}

function jsonLines(results: readonly EventResult[]): string {
  return results
    .map(({ event, matches }) => {
      const eventId = field(event.record, 'eventID');
      return JSON.stringify({
        event: event.label,
        eventName: field(event.record, 'eventName'),
        eventSource: field(event.record, 'eventSource'),
        ...(eventId === undefined ? {} : { eventID: eventId }),
        matches,
      });
    })
    .map((line) => `${line}\n`)
    .join('');
}

function textReport(results: readonly EventResult[]): string {
  const lines: string[] = [];
  for (const { event, matches } of results) {
    const eventId = field(event.record, 'eventID');
    const what = `${field(event.record, 'eventName')} (${field(event.record, 'eventSource')})${eventId ? ` eventID ${eventId}` : ''}`;
    if (matches.length === 0) {
      lines.push(`${event.label}: ${what}: no detection matched`);
      continue;
    }
    lines.push(
      `${event.label}: ${what}: ${matches.length} detection${matches.length === 1 ? '' : 's'} matched`,
    );
    const idWidth = Math.max(...matches.map((m) => m.id.length));
    const controlWidth = Math.max(...matches.map((m) => m.control.length));
    for (const m of matches)
      lines.push(`  ${m.id.padEnd(idWidth)}  ${m.control.padEnd(controlWidth)}  ${m.title}`);
  }
  const matched = results.filter((r) => r.matches.length > 0).length;
  lines.push(
    `${results.length} event${results.length === 1 ? '' : 's'} read, ${matched} matched at least one detection`,
  );
  return `${lines.join('\n')}\n`;
}
