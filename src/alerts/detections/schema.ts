import { z } from 'zod';
import { SEVERITY_LABELS } from '../alert.js';
import { MAX_FILTER_PATTERN_LENGTH } from './filter-pattern/parser.js';

/**
 * A CloudTrail detection as stored in workflows/detections/<id>.yaml, and as users add their
 * own in config (same schema). The filter pattern is the exact text sent to PutMetricFilter;
 * the catalog parses it at load time so a bad pattern fails start-up, not the first event.
 */

export const DETECTION_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const DEFAULT_METRIC_NAMESPACE = 'CISBenchmark';

/** CloudWatch metric names and namespaces: 1–255 characters, no leading colon. */
const metricText = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .refine((s) => !s.startsWith(':'), 'must not start with a colon');

export const detectionSchema = z.strictObject({
  id: z
    .string()
    .regex(DETECTION_ID_PATTERN, 'must be lowercase words joined by hyphens, like cis-root-account-usage'),
  title: z.string().trim().min(1, 'must not be empty').max(150),
  description: z.string().trim().min(1, 'must not be empty').max(2000),
  /** The control the detection evidences: a Security Hub id (`CloudWatch.1`) or `CIS 4.15`. */
  control: z.string().trim().min(1, 'must not be empty').max(50),
  /** CIS AWS Foundations Benchmark (v3/v5) recommendation number, e.g. `4.3`. */
  cis: z
    .string()
    .regex(/^\d+\.\d+$/, 'must be a CIS recommendation number like 4.3')
    .optional(),
  severity: z.enum(SEVERITY_LABELS),
  filterPattern: z
    .string()
    .min(1, 'must not be empty')
    .max(
      MAX_FILTER_PATTERN_LENGTH,
      `must be at most ${MAX_FILTER_PATTERN_LENGTH} characters (PutMetricFilter limit)`,
    ),
  metricName: metricText,
  metricNamespace: metricText
    .refine((s) => !s.startsWith('AWS/'), 'must not start with AWS/ (reserved for AWS services)')
    .default(DEFAULT_METRIC_NAMESPACE),
  runbookId: z.string().regex(DETECTION_ID_PATTERN, 'must be lowercase words joined by hyphens'),
});

/** As written by an author (namespace optional). */
export type DetectionInput = z.input<typeof detectionSchema>;
/** After validation (namespace filled in). */
export type DetectionDefinition = z.output<typeof detectionSchema>;
