/**
 * The 15 CIS AWS Foundations monitoring controls (v3/v5 section 4) that Watchkeeper's CloudTrail
 * detections cover. The scorecard counts which of these ids the deployment has wired; the
 * detection definitions (workflows/) use the same ids.
 */
export interface CisDetection {
  id: string;
  title: string;
  /** Security Hub control, where one exists (4.15 has none). */
  securityHubControl?: string;
}

export const CIS_DETECTIONS: readonly CisDetection[] = [
  { id: 'cis-4.1', title: 'Unauthorized API calls', securityHubControl: 'CloudWatch.2' },
  { id: 'cis-4.2', title: 'Console sign-in without MFA', securityHubControl: 'CloudWatch.3' },
  { id: 'cis-4.3', title: 'Root account usage', securityHubControl: 'CloudWatch.1' },
  { id: 'cis-4.4', title: 'IAM policy changes', securityHubControl: 'CloudWatch.4' },
  { id: 'cis-4.5', title: 'CloudTrail configuration changes', securityHubControl: 'CloudWatch.5' },
  { id: 'cis-4.6', title: 'Console authentication failures', securityHubControl: 'CloudWatch.6' },
  { id: 'cis-4.7', title: 'Disabling or scheduled deletion of KMS keys', securityHubControl: 'CloudWatch.7' },
  { id: 'cis-4.8', title: 'S3 bucket policy changes', securityHubControl: 'CloudWatch.8' },
  { id: 'cis-4.9', title: 'AWS Config configuration changes', securityHubControl: 'CloudWatch.9' },
  { id: 'cis-4.10', title: 'Security group changes', securityHubControl: 'CloudWatch.10' },
  { id: 'cis-4.11', title: 'Network ACL changes', securityHubControl: 'CloudWatch.11' },
  { id: 'cis-4.12', title: 'Network gateway changes', securityHubControl: 'CloudWatch.12' },
  { id: 'cis-4.13', title: 'Route table changes', securityHubControl: 'CloudWatch.13' },
  { id: 'cis-4.14', title: 'VPC changes', securityHubControl: 'CloudWatch.14' },
  { id: 'cis-4.15', title: 'AWS Organizations changes' },
];
