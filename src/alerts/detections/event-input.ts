import { z } from 'zod';
import { InputError, type Problem } from '../../platform/errors.js';
import { formatPath } from '../../platform/format-path.js';
import { zodProblems } from '../../platform/zod-problems.js';

/**
 * Reads what `detections test` accepts: one JSON document, a JSON array of them, or JSON lines,
 * each being a CloudTrail record, an EventBridge "AWS API Call via CloudTrail" event (the record
 * is its `detail`), or a CloudTrail log file (`{"Records": [...]}`). A bad record or line is a
 * problem naming its place and field; the others are still read. Only input with no readable
 * record at all is refused.
 */

export interface CloudTrailInputEvent {
  /** Where the record was in the input: `event`, `Records[2]`, `line 3 detail`. */
  readonly label: string;
  readonly record: Readonly<Record<string, unknown>>;
}

const recordSchema = z.looseObject({ eventName: z.string(), eventSource: z.string() });
const logFileSchema = z.looseObject({ Records: z.array(z.unknown()) });
const eventBridgeSchema = z.looseObject({
  'detail-type': z.string().refine((t) => t.endsWith('via CloudTrail'), {
    message: 'expected a CloudTrail detail-type such as "AWS API Call via CloudTrail"',
  }),
  detail: z.record(z.string(), z.unknown()),
});

export interface CloudTrailInput {
  readonly events: readonly CloudTrailInputEvent[];
  /** Records and lines that could not be read; the events above are all the rest. */
  readonly problems: readonly Problem[];
}

export function readCloudTrailEvents(text: string): CloudTrailInput {
  if (text.trim() === '') throw new InputError('No input: expected CloudTrail JSON on stdin or in the file');
  const problems: Problem[] = [];
  const documents = splitDocuments(text, problems);
  const events: CloudTrailInputEvent[] = [];
  for (const { where, value } of documents) {
    if (Array.isArray(value))
      value.forEach((item, i) => {
        events.push(...unwrap(item, `${where ? `${where} ` : ''}[${i}]`, problems));
      });
    else events.push(...unwrap(value, where, problems));
  }
  if (events.length > 0) return { events, problems };
  if (problems.length) throw new InputError('Input is not CloudTrail JSON', problems);
  throw new InputError('Input holds no CloudTrail records (the Records array is empty)');
}

interface Document {
  /** '' for a single document, `line N` for JSON lines. */
  readonly where: string;
  readonly value: unknown;
}

function splitDocuments(text: string, problems: Problem[]): Document[] {
  try {
    return [{ where: '', value: JSON.parse(text) }];
  } catch {
    // Not one document: read it as JSON lines.
  }
  const documents: Document[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `line ${index + 1}`;
    try {
      documents.push({ where, value: JSON.parse(line) });
    } catch (error) {
      problems.push({
        path: where,
        message: `not valid JSON (${error instanceof Error ? error.message : 'parse error'})`,
      });
    }
  });
  return documents;
}

function unwrap(value: unknown, where: string, problems: Problem[]): CloudTrailInputEvent[] {
  const at = (path: string) => [where, path].filter(Boolean).join(' ') || 'event';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({
      path: at(''),
      message: `expected a JSON object (a CloudTrail record, an EventBridge event or a log file with Records), got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`,
    });
    return [];
  }
  if (Object.hasOwn(value, 'Records')) {
    const file = logFileSchema.safeParse(value);
    if (!file.success) return report(file.error, at(''), problems);
    return file.data.Records.flatMap((record, i) => asRecord(record, at(`Records[${i}]`), problems));
  }
  if (Object.hasOwn(value, 'detail-type')) {
    const event = eventBridgeSchema.safeParse(value);
    if (!event.success) return report(event.error, at(''), problems);
    return asRecord(event.data.detail, at('detail'), problems);
  }
  return asRecord(value, at(''), problems);
}

function asRecord(value: unknown, label: string, problems: Problem[]): CloudTrailInputEvent[] {
  const record = recordSchema.safeParse(value);
  if (!record.success) return report(record.error, label, problems);
  return [{ label, record: record.data }];
}

function report(error: z.ZodError, prefix: string, problems: Problem[]): [] {
  for (const p of zodProblems(error)) {
    problems.push({ ...p, path: p.path === formatPath([]) ? prefix : `${prefix}: ${p.path}` });
  }
  return [];
}
