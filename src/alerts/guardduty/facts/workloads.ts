import type { AlertFact } from '../../alert.js';
import { cleanText } from '../../text.js';
import { arnTail, fact, joined, remoteIpText } from './fact.js';
import { apiCallFacts } from './principal.js';
import type { FactAction, FactResource, FactService, ProcessDetails } from './schema.js';

/** Runtime, S3 and Kubernetes findings: the process, the bucket and object, the cluster and workload. */

function parentOf(process: ProcessDetails): string | undefined {
  const lineage = process?.lineage ?? [];
  const parent = lineage.find((l) => l?.uuid !== undefined && l.uuid === process?.parentUuid) ?? lineage[0];
  const name = cleanText(parent?.name) ?? cleanText(parent?.ancestorName);
  const pid = parent?.pid ?? parent?.ancestorPid;
  return joined(
    [name, cleanText(parent?.executablePath), typeof pid === 'number' ? `pid ${pid}` : undefined],
    ', ',
  );
}

function workloadText(resource: FactResource | null | undefined): string | undefined {
  const workload = resource?.kubernetesDetails?.kubernetesWorkloadDetails;
  const name = cleanText(workload?.name);
  if (name !== undefined) {
    const where = joined([cleanText(workload?.namespace), name], '/');
    return joined([cleanText(workload?.type), where], ' ');
  }
  const container = resource?.containerDetails;
  return joined(
    [
      cleanText(container?.name) ?? cleanText(container?.id),
      cleanText(container?.image) && `(${cleanText(container?.image)})`,
    ],
    ' ',
  );
}

function hostText(resource: FactResource | null | undefined): string | undefined {
  const instance = cleanText(resource?.instanceDetails?.instanceId);
  if (instance !== undefined) return `instance ${instance}`;
  const task = arnTail(resource?.ecsClusterDetails?.taskDetails?.arn);
  if (task !== undefined)
    return `ECS task ${task}${resource?.ecsClusterDetails?.name ? ` in ${cleanText(resource.ecsClusterDetails.name)}` : ''}`;
  const cluster = cleanText(resource?.eksClusterDetails?.name);
  return cluster && `EKS cluster ${cluster}`;
}

export function runtimeFacts(
  resource: FactResource | null | undefined,
  service: FactService | null | undefined,
): AlertFact[] {
  const process = service?.runtimeDetails?.process;
  const context = service?.runtimeDetails?.context;
  const pid =
    typeof process?.pid === 'number'
      ? ` (pid ${process.pid}${cleanText(process.user) ? `, user ${cleanText(process.user)}` : ''})`
      : '';
  const name = cleanText(process?.name);
  return [
    ...fact('Process', name && `${name}${pid}`, 'code'),
    ...fact('Path', process?.executablePath, 'code'),
    ...fact('Command line', cleanText(context?.commandLineExample) ?? cleanText(context?.scriptPath), 'code'),
    ...fact('Parent', parentOf(process), 'code'),
    ...fact('Container / pod', workloadText(resource)),
    ...fact('Host', hostText(resource)),
  ];
}

export function s3Facts(
  resource: FactResource | null | undefined,
  action: FactAction | null | undefined,
): AlertFact[] {
  const bucket = resource?.s3BucketDetails?.[0];
  const object = bucket?.s3ObjectDetails?.[0];
  const permission = cleanText(bucket?.publicAccess?.effectivePermission);
  const isPublic =
    permission === undefined
      ? undefined
      : permission === 'PUBLIC'
        ? 'yes (effective permission PUBLIC)'
        : 'no';
  const caller = apiCallFacts(resource, action).filter(
    (f) => f.label !== 'Access key' && f.label !== 'User agent',
  );
  return [
    ...fact('Bucket', cleanText(bucket?.name) ?? arnTail(bucket?.arn), 'code'),
    ...fact('Object', object?.key, 'code'),
    ...fact('Public', isPublic),
    ...caller,
  ];
}

export function kubernetesFacts(
  resource: FactResource | null | undefined,
  action: FactAction | null | undefined,
): AlertFact[] {
  const user = resource?.kubernetesDetails?.kubernetesUserDetails;
  const workload = resource?.kubernetesDetails?.kubernetesWorkloadDetails;
  const call = action?.kubernetesApiCallAction;
  const groups = (user?.groups ?? []).slice(0, 3).join(', ');
  const source = remoteIpText(call?.remoteIpDetails) ?? cleanText(call?.sourceIps?.[0]);
  const workloadName = cleanText(workload?.name);
  return [
    ...fact('Cluster', resource?.eksClusterDetails?.name, 'code'),
    ...fact('Namespace', workload?.namespace, 'code'),
    ...fact('Workload', workloadName && joined([cleanText(workload?.type), workloadName], ' ')),
    ...fact('User', joined([cleanText(user?.username), groups && `(${groups})`], ' '), 'code'),
    ...fact('Call', joined([cleanText(call?.verb), cleanText(call?.requestUri)], ' '), 'code'),
    ...fact('Source IP', source),
  ];
}
