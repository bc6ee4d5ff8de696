import type { SampleFindingsConfig } from '../platform/config/sample-findings.js';
import type { Incident } from './incident.js';

/**
 * How GuardDuty's own generated sample findings (`vendorSample`) are handled, per
 * `alerts.sampleFindings`. The workflows take the setting through their deps; without it they use
 * the default, `channel`: the sample opens an incident in the sample-findings channel (or the
 * default channel) and is never escalated or paged.
 */
export interface SampleFindingsDeps {
  readonly sampleFindings?: SampleFindingsConfig;
}

export const DEFAULT_SAMPLE_FINDINGS: SampleFindingsConfig = { mode: 'channel' };

export function sampleFindingsOf(deps: SampleFindingsDeps): SampleFindingsConfig {
  return deps.sampleFindings ?? DEFAULT_SAMPLE_FINDINGS;
}

/** A sample kept apart (`channel` mode): its own channel, no routing mention, no escalation, no page. */
export function isSetApartSample(
  incident: Pick<Incident, 'vendorSample'>,
  deps: SampleFindingsDeps,
): boolean {
  return incident.vendorSample === true && sampleFindingsOf(deps).mode === 'channel';
}
