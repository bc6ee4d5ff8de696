import { z } from 'zod';

/**
 * The fields of a GuardDuty finding that an alert is built from, in the wire (camelCase) shape
 * that the API, EventBridge and GetFindings JSON use. Objects are loose (unknown keys kept),
 * every optional block accepts `null`, and dates accept anything date-like because samples
 * redact them; a wrong type on a field that is read is still a rejection.
 * Source: botocore guardduty/2017-11-28 shape `Finding`.
 */

const text = z.string().nullish();
const dateLike = z.union([z.string(), z.number(), z.date()]).nullish();
const tags = z.array(z.looseObject({ key: text, value: text })).nullish();

const remoteIpDetails = z.looseObject({ ipAddressV4: text, ipAddressV6: text }).nullish();

const action = z
  .looseObject({
    actionType: text,
    awsApiCallAction: z
      .looseObject({
        api: text,
        callerType: text,
        userAgent: text,
        serviceName: text,
        errorCode: text,
        remoteIpDetails,
        remoteAccountDetails: z.looseObject({ accountId: text }).nullish(),
      })
      .nullish(),
    networkConnectionAction: z.looseObject({ remoteIpDetails, connectionDirection: text }).nullish(),
    portProbeAction: z
      .looseObject({ portProbeDetails: z.array(z.looseObject({ remoteIpDetails })).nullish() })
      .nullish(),
    kubernetesApiCallAction: z
      .looseObject({
        remoteIpDetails,
        sourceIPs: z.array(z.string()).nullish(),
        userAgent: text,
        verb: text,
        requestUri: text,
      })
      .nullish(),
    rdsLoginAttemptAction: z.looseObject({ remoteIpDetails }).nullish(),
    dnsRequestAction: z.looseObject({ domain: text }).nullish(),
  })
  .nullish();

const service = z
  .looseObject({
    action,
    count: z.number().nullish(),
    eventFirstSeen: dateLike,
    eventLastSeen: dateLike,
    archived: z.boolean().nullish(),
  })
  .nullish();

const named = { name: text, arn: text, tags };

export const guardDutyResourceSchema = z.looseObject({
  resourceType: text,
  accessKeyDetails: z
    .looseObject({ accessKeyId: text, principalId: text, userName: text, userType: text })
    .nullish(),
  instanceDetails: z.looseObject({ instanceId: text, tags }).nullish(),
  s3BucketDetails: z.array(z.looseObject(named)).nullish(),
  eksClusterDetails: z.looseObject(named).nullish(),
  kubernetesDetails: z
    .looseObject({
      kubernetesUserDetails: z.looseObject({ username: text }).nullish(),
      kubernetesWorkloadDetails: z.looseObject({ name: text, namespace: text, type: text }).nullish(),
    })
    .nullish(),
  ecsClusterDetails: z
    .looseObject({ ...named, taskDetails: z.looseObject({ arn: text }).nullish() })
    .nullish(),
  containerDetails: z.looseObject({ id: text, name: text, image: text }).nullish(),
  lambdaDetails: z.looseObject({ functionName: text, functionArn: text, tags }).nullish(),
  rdsDbInstanceDetails: z.looseObject({ dbInstanceIdentifier: text, dbInstanceArn: text, tags }).nullish(),
  rdsLimitlessDbDetails: z
    .looseObject({ dbShardGroupIdentifier: text, dbShardGroupArn: text, tags })
    .nullish(),
  rdsDbUserDetails: z.looseObject({ user: text }).nullish(),
  // Malware Protection scans of snapshots, AMIs and AWS Backup recovery points name these.
  ebsSnapshotDetails: z.looseObject({ snapshotArn: text }).nullish(),
  ec2ImageDetails: z.looseObject({ imageArn: text }).nullish(),
  recoveryPointDetails: z.looseObject({ recoveryPointArn: text, backupVaultName: text }).nullish(),
});
export type GuardDutyResource = z.infer<typeof guardDutyResourceSchema>;

export const guardDutyFindingSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  severity: z.number(),
  accountId: text,
  region: text,
  partition: text,
  arn: text,
  title: text,
  description: text,
  createdAt: dateLike,
  updatedAt: dateLike,
  resource: guardDutyResourceSchema.nullish(),
  service,
});
export type GuardDutyFinding = z.infer<typeof guardDutyFindingSchema>;
export type GuardDutyService = NonNullable<GuardDutyFinding['service']>;
