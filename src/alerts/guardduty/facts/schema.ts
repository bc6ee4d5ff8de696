import { z } from 'zod';

/**
 * The parts of a GuardDuty finding that key facts are read from (botocore guardduty/2017-11-28:
 * `Action`, `RuntimeDetails`, `EbsVolumeScanDetails`, `MalwareScanDetails`, `Detection.Sequence`,
 * resource details). Facts are for showing only, so this schema is lenient where the finding
 * schema is strict: a field of the wrong type is dropped (`.catch(undefined)`), never a rejection,
 * and a finding this schema cannot read at all simply gets no facts.
 */

const text = z.string().nullish().catch(undefined);
const count = z.number().nullish().catch(undefined);
const flag = z.boolean().nullish().catch(undefined);
function obj<T extends z.ZodRawShape>(shape: T) {
  return z.looseObject(shape).nullish().catch(undefined);
}
function list<T extends z.ZodType>(item: T) {
  return z.array(item).nullish().catch(undefined);
}

export const remoteIpSchema = obj({
  ipAddressV4: text,
  ipAddressV6: text,
  organization: obj({ asn: text, asnOrg: text, isp: text, org: text }),
  country: obj({ countryName: text, countryCode: text }),
  city: obj({ cityName: text }),
});
export type RemoteIp = z.infer<typeof remoteIpSchema>;

const port = obj({ port: count, portName: text });
export type PortDetails = z.infer<typeof port>;

const action = obj({
  actionType: text,
  networkConnectionAction: obj({
    connectionDirection: text,
    protocol: text,
    blocked: flag,
    localPortDetails: port,
    remotePortDetails: port,
    remoteIpDetails: remoteIpSchema,
    localIpDetails: obj({ ipAddressV4: text, ipAddressV6: text }),
  }),
  portProbeAction: obj({
    blocked: flag,
    portProbeDetails: list(obj({ localPortDetails: port, remoteIpDetails: remoteIpSchema })),
  }),
  dnsRequestAction: obj({ domain: text, domainWithSuffix: text, protocol: text, blocked: flag }),
  awsApiCallAction: obj({
    api: text,
    serviceName: text,
    callerType: text,
    userAgent: text,
    errorCode: text,
    remoteIpDetails: remoteIpSchema,
    domainDetails: obj({ domain: text }),
    remoteAccountDetails: obj({ accountId: text, affiliated: flag }),
  }),
  kubernetesApiCallAction: obj({
    verb: text,
    requestUri: text,
    sourceIps: list(z.string()),
    userAgent: text,
    statusCode: count,
    remoteIpDetails: remoteIpSchema,
  }),
  rdsLoginAttemptAction: obj({
    remoteIpDetails: remoteIpSchema,
    loginAttributes: list(
      obj({ user: text, application: text, successfulLoginAttempts: count, failedLoginAttempts: count }),
    ),
  }),
});

const processSchema = obj({
  name: text,
  executablePath: text,
  pid: count,
  uuid: text,
  parentUuid: text,
  user: text,
  lineage: list(
    obj({
      uuid: text,
      parentUuid: text,
      name: text,
      executablePath: text,
      pid: count,
      // Some exporters write the ancestor's name and pid under these keys.
      ancestorName: text,
      ancestorPid: count,
    }),
  ),
});
export type ProcessDetails = z.infer<typeof processSchema>;

const threatName = obj({
  name: text,
  severity: text,
  filePaths: list(obj({ filePath: text, fileName: text, volumeArn: text })),
});

const indicator = obj({ key: text, values: list(z.string()), title: text });
export type SequenceIndicator = z.infer<typeof indicator>;

const sequence = obj({
  uid: text,
  description: text,
  actors: list(
    obj({
      id: text,
      user: obj({ name: text, uid: text, type: text, credentialUid: text }),
      session: obj({ uid: text, mfaStatus: text, issuer: text }),
      process: obj({ name: text, path: text }),
    }),
  ),
  resources: list(obj({ uid: text, name: text, resourceType: text, accountId: text, region: text })),
  endpoints: list(
    obj({
      id: text,
      ip: text,
      domain: text,
      port: count,
      location: obj({ city: text, country: text }),
      autonomousSystem: obj({ name: text, number: count }),
    }),
  ),
  signals: list(
    obj({
      uid: text,
      type: text,
      name: text,
      description: text,
      firstSeenAt: z.union([z.string(), z.number()]).nullish().catch(undefined),
      signalIndicators: list(indicator),
    }),
  ),
  sequenceIndicators: list(indicator),
});
export type AttackSequence = NonNullable<z.infer<typeof sequence>>;

const service = obj({
  action,
  resourceRole: text,
  additionalInfo: obj({ sample: flag }),
  runtimeDetails: obj({
    process: processSchema,
    context: obj({
      commandLineExample: text,
      scriptPath: text,
      threatFilePath: text,
      toolName: text,
      modifyingProcess: obj({ name: text, pid: count, user: text }),
    }),
  }),
  ebsVolumeScanDetails: obj({
    scanType: text,
    scanDetections: obj({ threatDetectedByName: obj({ threatNames: list(threatName) }) }),
  }),
  malwareScanDetails: obj({
    threats: list(obj({ name: text, itemPaths: list(obj({ nestedItemPath: text })) })),
  }),
  detection: obj({ sequence }),
});

const namedList = list(obj({ name: text }));

const resource = obj({
  resourceType: text,
  accessKeyDetails: obj({ accessKeyId: text, principalId: text, userName: text, userType: text }),
  instanceDetails: obj({
    instanceId: text,
    imageId: text,
    networkInterfaces: list(obj({ privateIpAddress: text, publicIp: text })),
  }),
  s3BucketDetails: list(
    obj({
      name: text,
      arn: text,
      publicAccess: obj({ effectivePermission: text }),
      s3ObjectDetails: list(obj({ key: text, versionId: text, objectArn: text })),
    }),
  ),
  eksClusterDetails: obj({ name: text }),
  kubernetesDetails: obj({
    kubernetesUserDetails: obj({ username: text, groups: list(z.string()), sessionName: list(z.string()) }),
    kubernetesWorkloadDetails: obj({
      name: text,
      namespace: text,
      type: text,
      containers: namedList,
    }),
  }),
  containerDetails: obj({ id: text, name: text, image: text }),
  ecsClusterDetails: obj({ name: text, taskDetails: obj({ arn: text, containers: namedList }) }),
  lambdaDetails: obj({ functionName: text }),
  rdsDbUserDetails: obj({ user: text, application: text }),
  rdsDbInstanceDetails: obj({ dbInstanceIdentifier: text }),
  ebsVolumeDetails: obj({ scannedVolumeDetails: list(obj({ volumeArn: text, snapshotArn: text })) }),
  ebsSnapshotDetails: obj({ snapshotArn: text }),
  ec2ImageDetails: obj({ imageArn: text }),
  recoveryPointDetails: obj({ recoveryPointArn: text, backupVaultName: text }),
});

export const factSourceSchema = z.looseObject({ type: text, resource, service });
export type FactSource = z.infer<typeof factSourceSchema>;
export type FactResource = NonNullable<FactSource['resource']>;
export type FactService = NonNullable<FactSource['service']>;
export type FactAction = NonNullable<FactService['action']>;
