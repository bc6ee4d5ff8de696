import type { SeverityLabel } from './alert.js';
import type { DetectionCatalog } from './detection-ref.js';

export interface NormalizeOptions {
  /** The clock. Its time stands in for any date AWS sent redacted or unparseable. */
  readonly now: () => Date;
  /**
   * The severity of an alarm, by alarm name.
   * @defaultValue every alarm is `medium`
   */
  readonly alarmSeverity?: (alarmName: string) => SeverityLabel;
  /**
   * What an alarm entering INSUFFICIENT_DATA becomes: nothing (an `ignored` result) or an alert.
   * @defaultValue 'ignore'
   */
  readonly insufficientData?: 'ignore' | 'alert';
  /** Needed for CloudTrail inputs; without it they are ignored with a reason. */
  readonly detections?: DetectionCatalog;
}

/** The options resolved for one input: defaults applied, the receive time fixed once. */
export interface NormalizeContext {
  readonly receivedAt: Date;
  readonly alarmSeverity: (alarmName: string) => SeverityLabel;
  readonly insufficientData: 'ignore' | 'alert';
  readonly detections: DetectionCatalog | undefined;
}

export const DEFAULT_ALARM_SEVERITY: SeverityLabel = 'medium';

export function resolveContext(options: NormalizeOptions, receivedAt?: Date): NormalizeContext {
  return {
    receivedAt: receivedAt ?? options.now(),
    alarmSeverity: options.alarmSeverity ?? (() => DEFAULT_ALARM_SEVERITY),
    insufficientData: options.insufficientData ?? 'ignore',
    detections: options.detections,
  };
}
