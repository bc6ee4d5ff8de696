import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadDetectionCatalog } from '../../../src/alerts/detections/catalog-loader.js';

/**
 * The published CIS / Security Hub texts, copied from the reference (Security Hub
 * cloudwatch-controls.md for CloudWatch.1-14; Prowler's CIS 4.15 remediation). Security Hub
 * fails a control whose metric filter differs by a single character, so this is byte for byte.
 */
const PUBLISHED = [
  {
    control: 'CloudWatch.1',
    id: 'cis-root-account-usage',
    filterPattern:
      '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  {
    control: 'CloudWatch.2',
    id: 'cis-unauthorized-api-calls',
    filterPattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  },
  {
    control: 'CloudWatch.3',
    id: 'cis-console-signin-without-mfa',
    filterPattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    control: 'CloudWatch.4',
    id: 'cis-iam-policy-changes',
    filterPattern:
      '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
  },
  {
    control: 'CloudWatch.5',
    id: 'cis-cloudtrail-config-changes',
    filterPattern:
      '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
  },
  {
    control: 'CloudWatch.6',
    id: 'cis-console-auth-failures',
    filterPattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
  {
    control: 'CloudWatch.7',
    id: 'cis-kms-key-disable-or-deletion',
    filterPattern:
      '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
  },
  {
    control: 'CloudWatch.8',
    id: 'cis-s3-bucket-policy-changes',
    filterPattern:
      '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
  },
  {
    control: 'CloudWatch.9',
    id: 'cis-aws-config-changes',
    filterPattern:
      '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
  },
  {
    control: 'CloudWatch.10',
    id: 'cis-security-group-changes',
    filterPattern:
      '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
  },
  {
    control: 'CloudWatch.11',
    id: 'cis-network-acl-changes',
    filterPattern:
      '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
  },
  {
    control: 'CloudWatch.12',
    id: 'cis-network-gateway-changes',
    filterPattern:
      '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
  },
  {
    control: 'CloudWatch.13',
    id: 'cis-route-table-changes',
    filterPattern:
      '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
  },
  {
    control: 'CloudWatch.14',
    id: 'cis-vpc-changes',
    filterPattern:
      '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
  },
  {
    control: 'CIS 4.15',
    id: 'cis-organizations-changes',
    filterPattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CancelHandshake") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganization") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "EnableAllFeatures") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdateOrganizationalUnit") || ($.eventName = "UpdatePolicy")) }',
  },
] as const;

describe('the shipped CIS detections', () => {
  it('are exactly the 15 published controls, one YAML file each', async () => {
    const catalog = await loadDetectionCatalog();
    expect(catalog.detections.map((d) => d.id).sort()).toEqual(PUBLISHED.map((p) => p.id).sort());
  });

  it.each(PUBLISHED)('$id carries the $control filter pattern exactly as published', async (published) => {
    const catalog = await loadDetectionCatalog();
    const detection = catalog.byId.get(published.id);
    expect(detection?.control).toBe(published.control);
    expect(detection?.filterPattern).toBe(published.filterPattern);
  });

  it.each(PUBLISHED)('$id YAML file holds the pattern text unchanged on disk', async (published) => {
    const yamlText = await readFile(
      new URL(`../../../workflows/detections/${published.id}.yaml`, import.meta.url),
      'utf8',
    );
    expect(yamlText).toContain(`filterPattern: '${published.filterPattern}'`);
  });

  it('names runbooks runbook-<detection id> and metrics in the CISBenchmark namespace', async () => {
    const catalog = await loadDetectionCatalog();
    for (const d of catalog.detections) {
      expect(d.runbookId).toBe(`runbook-${d.id}`);
      expect(d.metricNamespace).toBe('CISBenchmark');
    }
  });

  it('uses the CIS remediation metric names, each unique', async () => {
    const catalog = await loadDetectionCatalog();
    const names = Object.fromEntries(catalog.detections.map((d) => [d.id, d.metricName]));
    expect(names).toMatchObject({
      'cis-root-account-usage': 'root_usage_metric',
      'cis-unauthorized-api-calls': 'unauthorized_api_calls_metric',
      'cis-console-signin-without-mfa': 'no_mfa_console_signin_metric',
      'cis-iam-policy-changes': 'iam_changes_metric',
      'cis-cloudtrail-config-changes': 'cloudtrail_cfg_changes_metric',
      'cis-kms-key-disable-or-deletion': 'disable_or_delete_cmk_changes_metric',
    });
    expect(new Set(Object.values(names)).size).toBe(15);
  });

  it('rates root usage critical and CloudTrail changes high', async () => {
    const catalog = await loadDetectionCatalog();
    expect(catalog.byId.get('cis-root-account-usage')?.severity).toBe('critical');
    expect(catalog.byId.get('cis-cloudtrail-config-changes')?.severity).toBe('high');
  });
});
