import type { CloudTrailRecord } from '../aws/logs/cloudtrail-record.js';
import type { SeverityLabel } from './alert.js';

/**
 * The least a CloudTrail detection must carry to become an alert. The detection catalog
 * (workflows/) passes richer objects; only these fields are read here.
 */
export interface DetectionRef {
  /** Stable id, e.g. `iam-policy-attached-to-user`; becomes the alert `type`. */
  readonly id: string;
  /** The control it evidences, e.g. `CloudWatch.4` or `CIS 4.4`. */
  readonly control: string;
  readonly title: string;
  readonly description?: string;
  readonly severity: SeverityLabel;
  readonly runbookId: string;
}

/**
 * How the normalizers reach the detection catalog without importing it (pure parts import no
 * workflows/). The composition root adapts the catalog to this port.
 */
export interface DetectionCatalog {
  /** For `cloudtrail-detection` jobs, which name their detection by id. */
  byId(id: string): DetectionRef | undefined;
  /** For CloudTrail records that arrive without a detection (`watchkeeper alert`, replay). */
  match(record: CloudTrailRecord): readonly DetectionRef[];
}
