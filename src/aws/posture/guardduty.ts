import { GetDetectorCommand, type GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { checkedCall } from './checked-call.js';
import { type GuardDutyRegionPosture, isCouldNotCheck } from './port.js';

/**
 * GuardDuty is regional: a region counts as covered when it has a detector whose status is
 * ENABLED. No detector at all is a plain "not enabled", not an error.
 */

export interface GuardDutyClients {
  guardDuty(region: string): GuardDutyClient;
}

export async function readGuardDuty(
  clients: GuardDutyClients,
  region: string,
): Promise<GuardDutyRegionPosture> {
  const client = clients.guardDuty(region);
  const target = `region ${region}`;
  const listed = await checkedCall(
    { service: 'GuardDuty', operation: 'ListDetectors', action: 'guardduty:ListDetectors', target },
    () => client.send(new ListDetectorsCommand({})),
  );
  if (isCouldNotCheck(listed)) return { region, enabled: listed };
  // An account has at most one detector per region.
  const detectorId = listed.DetectorIds?.[0];
  if (detectorId === undefined) return { region, enabled: false };
  const detector = await checkedCall(
    {
      service: 'GuardDuty',
      operation: 'GetDetector',
      action: 'guardduty:GetDetector',
      target: `detector ${detectorId} in ${region}`,
    },
    () => client.send(new GetDetectorCommand({ DetectorId: detectorId })),
  );
  return { region, enabled: isCouldNotCheck(detector) ? detector : detector.Status === 'ENABLED' };
}
