import { z } from 'zod';
import type { CloudTrailRecord } from '../../aws/logs/cloudtrail-record.js';
import { parseAs } from '../problems.js';
import type { InputShape } from '../shapes.js';
import { shapeLabel } from '../shapes.js';
import { parseCloudTrailRecords } from './detection.js';

/**
 * The records inside each CloudTrail input shape: one bare record, the `detail` of an EventBridge
 * event, the `Records` of a log file, or (for detection jobs) an array of any of these.
 */

const logFileSchema = z.looseObject({ Records: z.array(z.unknown()) });

export function recordsOf(shape: InputShape, input: unknown): CloudTrailRecord[] {
  const name = shapeLabel(shape);
  if (shape === 'cloudtrail-log-file') {
    const file = parseAs(logFileSchema, input, name);
    return parseCloudTrailRecords(
      file.Records,
      name,
      (i, wrapped) => `Records[${i}]${wrapped ? '.detail' : ''}`,
    );
  }
  return parseCloudTrailRecords([input], name, (_, wrapped) => (wrapped ? 'detail' : ''));
}

/** A detection job's payload: a record, an EventBridge event, an array of them, or a log file. */
export function detectionJobRecords(payload: unknown): CloudTrailRecord[] {
  const name = 'CloudTrail detection payload';
  if (Array.isArray(payload)) {
    return parseCloudTrailRecords(payload, name, (i, wrapped) => `[${i}]${wrapped ? '.detail' : ''}`);
  }
  if (typeof payload === 'object' && payload !== null && 'Records' in payload) {
    return recordsOf('cloudtrail-log-file', payload);
  }
  return parseCloudTrailRecords([payload], name, (_, wrapped) => (wrapped ? 'detail' : ''));
}
