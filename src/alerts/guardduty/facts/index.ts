import type { AlertFact } from '../../alert.js';
import { cleanText } from '../../text.js';
import { malwareFacts } from './malware.js';
import { dnsFacts, networkConnectionFacts, portProbeFacts, rdsLoginFacts } from './network.js';
import { apiCallFacts } from './principal.js';
import { type AttackSequence, type FactSource, factSourceSchema } from './schema.js';
import { sequenceFacts } from './sequence.js';
import { kubernetesFacts, runtimeFacts, s3Facts } from './workloads.js';

/**
 * The key facts of a GuardDuty finding, chosen by its family (what kind of thing happened, not
 * which service raised it): network, DNS, API call, runtime, S3, Kubernetes, malware, attack
 * sequence. Read once here, at the edge, so the card shows what the finding said.
 */

export type FindingFamily =
  | 'attack-sequence'
  | 'malware'
  | 'runtime'
  | 'kubernetes'
  | 's3'
  | 'dns'
  | 'network'
  | 'port-probe'
  | 'database-login'
  | 'api-call'
  | 'other';

/** Most facts kept on the alert (the card shows up to six). */
const MAX_FACTS = 12;

export function findingFamily(source: FactSource): FindingFamily {
  const type = cleanText(source.type) ?? '';
  const service = source.service;
  const action = service?.action;
  const actionType = cleanText(action?.actionType) ?? '';
  if (type.startsWith('AttackSequence:') || service?.detection?.sequence) return 'attack-sequence';
  if (/MaliciousFile|Malware/.test(type) || service?.ebsVolumeScanDetails || service?.malwareScanDetails)
    return 'malware';
  if (type.includes(':Runtime/') || service?.runtimeDetails?.process) return 'runtime';
  if (
    actionType === 'KUBERNETES_API_CALL' ||
    action?.kubernetesApiCallAction ||
    type.includes(':Kubernetes/')
  )
    return 'kubernetes';
  if (actionType === 'DNS_REQUEST' || action?.dnsRequestAction) return 'dns';
  if (actionType === 'NETWORK_CONNECTION' || action?.networkConnectionAction) return 'network';
  if (actionType === 'PORT_PROBE' || action?.portProbeAction) return 'port-probe';
  if (actionType === 'RDS_LOGIN_ATTEMPT' || action?.rdsLoginAttemptAction) return 'database-login';
  if (source.resource?.s3BucketDetails?.length || type.includes(':S3/')) return 's3';
  if (actionType === 'AWS_API_CALL' || action?.awsApiCallAction || source.resource?.accessKeyDetails)
    return 'api-call';
  return 'other';
}

function factsOf(family: FindingFamily, source: FactSource): AlertFact[] {
  const { resource, service } = source;
  const action = service?.action;
  switch (family) {
    case 'attack-sequence':
      return sequenceFacts(service?.detection?.sequence);
    case 'malware':
      return malwareFacts(resource, service);
    case 'runtime':
      return runtimeFacts(resource, service);
    case 'kubernetes':
      return kubernetesFacts(resource, action);
    case 's3':
      return s3Facts(resource, action);
    case 'dns':
      return dnsFacts(resource, action);
    case 'network':
      return networkConnectionFacts(resource, action);
    case 'port-probe':
      return portProbeFacts(resource, action);
    case 'database-login':
      return rdsLoginFacts(resource, action);
    case 'api-call':
      return apiCallFacts(resource, action);
    case 'other':
      return [];
  }
}

export interface FindingFacts {
  readonly family: FindingFamily;
  readonly facts: AlertFact[];
  /** `service.additionalInfo.sample`: GuardDuty generated it ("Generate sample findings"). */
  readonly vendorSample: boolean;
  readonly sequence?: AttackSequence;
}

/** Never throws: a finding whose display fields cannot be read gets no facts. */
export function guardDutyFacts(finding: unknown): FindingFacts {
  const parsed = factSourceSchema.safeParse(finding);
  if (!parsed.success) return { family: 'other', facts: [], vendorSample: false };
  const source = parsed.data;
  const family = findingFamily(source);
  const sequence = source.service?.detection?.sequence ?? undefined;
  return {
    family,
    facts: factsOf(family, source).slice(0, MAX_FACTS),
    vendorSample: source.service?.additionalInfo?.sample === true,
    ...(sequence ? { sequence } : {}),
  };
}
