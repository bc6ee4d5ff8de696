import {
  type CloudTrailClient,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { checkedCall, mapLimited } from './checked-call.js';
import { type Checked, isCouldNotCheck, type TrailPosture } from './port.js';

/**
 * CloudTrail (CIS 3.1): at least one multi-region trail that is logging. Shadow trails (a
 * multi-region trail seen from another region, or an organization trail seen from a member)
 * are included, and their status is asked by ARN, which is how CloudTrail accepts it.
 */

export interface CloudTrailClients {
  cloudTrail(region: string): CloudTrailClient;
}

export async function readTrails(
  clients: CloudTrailClients,
  region: string,
  concurrency: number,
): Promise<Checked<TrailPosture[]>> {
  const client = clients.cloudTrail(region);
  const described = await checkedCall(
    {
      service: 'CloudTrail',
      operation: 'DescribeTrails',
      action: 'cloudtrail:DescribeTrails',
      target: `region ${region}`,
    },
    () => client.send(new DescribeTrailsCommand({ includeShadowTrails: true })),
  );
  if (isCouldNotCheck(described)) return described;
  return mapLimited(described.trailList ?? [], concurrency, async (trail): Promise<TrailPosture> => {
    const arn = trail.TrailARN ?? trail.Name ?? '';
    const status = await checkedCall(
      {
        service: 'CloudTrail',
        operation: 'GetTrailStatus',
        action: 'cloudtrail:GetTrailStatus',
        target: `trail ${arn}`,
      },
      () => client.send(new GetTrailStatusCommand({ Name: arn })),
    );
    return {
      name: trail.Name ?? arn,
      arn,
      ...(trail.HomeRegion ? { homeRegion: trail.HomeRegion } : {}),
      multiRegion: trail.IsMultiRegionTrail === true,
      logging: isCouldNotCheck(status) ? status : status.IsLogging === true,
    };
  });
}
