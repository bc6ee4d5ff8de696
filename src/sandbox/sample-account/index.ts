import type { GuardDutyFindingsPort } from '../../aws/guardduty/port.js';
import { SampleGuardDutyPort } from './guardduty.js';

export { SampleGuardDutyPort } from './guardduty.js';
export { SAMPLE_ACCOUNT_ALIAS, SAMPLE_ACCOUNT_ID, SAMPLE_REGION } from './identity.js';

/** One sample GuardDuty per sandbox, whatever account and region the sync asks for. */
export function sampleGuardDutyPortFor(now: () => Date): () => GuardDutyFindingsPort {
  let port: SampleGuardDutyPort | undefined;
  return () => {
    port ??= new SampleGuardDutyPort({ now });
    return port;
  };
}
export { SampleCloudTrailLogsPort } from './cloudtrail.js';
export { createSampleIamInventoryPort } from './iam.js';
export {
  createSampleRemediationPort,
  type SampleRemediationState,
  sampleRemediationState,
} from './remediation.js';
export {
  SampleSecurityHubPort,
  sampleConfigComplianceChange,
  sampleSecurityEvents,
  sampleSecurityHubFindings,
  sendSampleSecurityEvents,
} from './security-hub.js';
export { SAMPLE_TAGS, sampleTagsPort } from './tags.js';
