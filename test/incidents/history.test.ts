import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  historyRecordFromIncident,
  parseIncidentHistoryRecord,
  parseMuteRuleSummary,
  resourceKeyOf,
} from '../../src/incidents/history.js';
import type { Incident } from '../../src/incidents/incident.js';
import { InputError } from '../../src/platform/errors.js';

const fixture = (name: string): unknown[] =>
  JSON.parse(readFileSync(new URL(`../fixtures/digest/${name}`, import.meta.url), 'utf8')) as unknown[];

const incident: Incident = {
  id: 'INC-8ZP1',
  status: 'acknowledged',
  escalationLevel: 1,
  severity: 8,
  severityLabel: 'high',
  source: 'guardduty',
  type: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom',
  title: 'API called from a known malicious IP',
  description: 'd',
  accountId: '310987654322',
  region: 'eu-central-1',
  resource: { type: 'AccessKey', id: 'deploy-bot', tags: {} },
  links: {},
  dedupeKeys: ['f-1'],
  owner: { team: 'platform', source: 'tag' },
  runbookId: 'guardduty-iam-malicious-ip',
  runbookSteps: {},
  occurrences: 1,
  firstSeen: '2025-03-09T10:00:00Z',
  lastSeen: '2025-03-09T10:00:00Z',
  openedAt: '2025-03-09T10:00:00Z',
  acknowledgedAt: '2025-03-09T10:07:00Z',
  reopenedCount: 0,
  version: 3,
};

describe('incident history records', () => {
  it('accepts the stored records and mute rules, with offsets and without optional fields', () => {
    const records = fixture('history-records.json').map(parseIncidentHistoryRecord);
    expect(records.map((r) => r.incidentId)).toEqual(['INC-7QK2Z', 'INC-7QK30', 'INC-7QK31']);
    expect(records[1]?.owner).toBeUndefined();
    const rules = fixture('mute-rules.json').map(parseMuteRuleSummary);
    expect(rules[1]?.expiresAt).toBeUndefined();
  });

  it('names the field that is wrong in a bad record', () => {
    const [first] = fixture('history-records.json');
    const bad = { ...(first as object), openedAt: 'XXXX-XX-XXTXX:XX:XXZ', escalations: -1 };
    expect(() => parseIncidentHistoryRecord(bad)).toThrow(InputError);
    try {
      parseIncidentHistoryRecord(bad);
    } catch (error) {
      expect((error as InputError).problems.map((p) => p.path).sort()).toEqual(['escalations', 'openedAt']);
    }
  });

  it('is built from an incident with its owner team, escalation level and runbook kind', () => {
    const record = historyRecordFromIncident(incident, (id) => id !== 'generic');
    expect(record).toEqual({
      incidentId: 'INC-8ZP1',
      severityLabel: 'high',
      source: 'guardduty',
      type: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom',
      resourceKey: 'AccessKey/deploy-bot',
      accountId: '310987654322',
      owner: 'platform',
      openedAt: '2025-03-09T10:00:00Z',
      acknowledgedAt: '2025-03-09T10:07:00Z',
      escalations: 1,
      hadSpecificRunbook: true,
    });
    expect(parseIncidentHistoryRecord(record)).toEqual(record);
  });

  it('leaves out optional fields the incident does not have', () => {
    const { owner: _owner, acknowledgedAt: _ack, ...bare } = incident;
    const record = historyRecordFromIncident({ ...bare, runbookId: 'generic' }, (id) => id !== 'generic');
    expect('owner' in record).toBe(false);
    expect('acknowledgedAt' in record).toBe(false);
    expect(record.hadSpecificRunbook).toBe(false);
    expect(resourceKeyOf({ type: 'S3Bucket', id: 'b', tags: {} })).toBe('S3Bucket/b');
  });
});
