import { readFileSync } from 'node:fs';
import type { IntakeJob } from '../../../../src/alerts/intake/intake-job.js';
import { normalizeOptionsFromConfig } from '../../../../src/alerts/intake/wiring.js';
import { testConfig } from '../../../support/config.js';

/** The intake tests' clock, and the normalize options of the test config read at it. */
export const NOW = new Date('2026-11-20T10:00:00Z');
export const options = normalizeOptionsFromConfig(testConfig(), () => NOW);

/** The fixture finding, as EventBridge delivers it. */
export const guardDutyEvent = JSON.parse(
  readFileSync(
    new URL('../../../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as { id: string; detail: Record<string, unknown> };

/**
 * The fixture's GuardDuty finding as an EventBridge intake job, as the n-th of a batch: its own
 * event id and finding id (`<findingPrefix>-<n>`), with `extra` laid over the event.
 */
export function guardDutyJob(
  n: number,
  findingPrefix: string,
  extra: Record<string, unknown> = {},
): IntakeJob {
  return {
    kind: 'eventbridge-event',
    receivedAt: NOW.toISOString(),
    origin: 'eventbridge',
    payload: {
      ...guardDutyEvent,
      id: `evt-${n}`,
      detail: { ...guardDutyEvent.detail, id: `${findingPrefix}-${n}` },
      ...extra,
    },
  };
}
