import type { IncidentHistoryRecord, MuteRuleSummary } from '../../incidents/history.js';

/** Where the digest reads incident history and mute rules (the incident engine's store). */
export interface DigestHistorySource {
  records(from: Date, to: Date): Promise<IncidentHistoryRecord[]>;
  muteRules(now: Date): Promise<MuteRuleSummary[]>;
}
