import type { IncidentEngine } from '../../incidents/engine.js';
import { muteRuleSummary } from '../../incidents/mutes.js';
import type { DigestHistorySource } from './source.js';

/** The incident engine's store seen as the digest's history source. */
export function engineHistorySource(
  engine: Pick<IncidentEngine, 'history' | 'listMutes'>,
): DigestHistorySource {
  return {
    records: (from, to) => engine.history({ from, to }),
    muteRules: async (now) => (await engine.listMutes(now)).map(muteRuleSummary),
  };
}
