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
  { id: 'cis-unauthorized-api-calls', title: 'Unauthorized API calls', securityHubControl: 'CloudWatch.2' },
  {
    id: 'cis-console-signin-without-mfa',
    title: 'Console sign-in without MFA',
    securityHubControl: 'CloudWatch.3',
  },
  { id: 'cis-root-account-usage', title: 'Root account usage', securityHubControl: 'CloudWatch.1' },
  { id: 'cis-iam-policy-changes', title: 'IAM policy changes', securityHubControl: 'CloudWatch.4' },
  {
    id: 'cis-cloudtrail-config-changes',
    title: 'CloudTrail configuration changes',
    securityHubControl: 'CloudWatch.5',
  },
  {
    id: 'cis-console-auth-failures',
    title: 'Console authentication failures',
    securityHubControl: 'CloudWatch.6',
  },
  {
    id: 'cis-kms-key-disable-or-deletion',
    title: 'Disabling or scheduled deletion of KMS keys',
    securityHubControl: 'CloudWatch.7',
  },
  {
    id: 'cis-s3-bucket-policy-changes',
    title: 'S3 bucket policy changes',
    securityHubControl: 'CloudWatch.8',
  },
  {
    id: 'cis-aws-config-changes',
    title: 'AWS Config configuration changes',
    securityHubControl: 'CloudWatch.9',
  },
  { id: 'cis-security-group-changes', title: 'Security group changes', securityHubControl: 'CloudWatch.10' },
  { id: 'cis-network-acl-changes', title: 'Network ACL changes', securityHubControl: 'CloudWatch.11' },
  {
    id: 'cis-network-gateway-changes',
    title: 'Network gateway changes',
    securityHubControl: 'CloudWatch.12',
  },
  { id: 'cis-route-table-changes', title: 'Route table changes', securityHubControl: 'CloudWatch.13' },
  { id: 'cis-vpc-changes', title: 'VPC changes', securityHubControl: 'CloudWatch.14' },
  { id: 'cis-organizations-changes', title: 'AWS Organizations changes' },
];
