import { beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentCard } from '../../../src/incidents/card/card.js';
import type { Incident } from '../../../src/incidents/incident.js';
import { loadRunbooks } from '../../../src/incidents/runbooks/loader.js';
import { selectRunbook } from '../../../src/incidents/runbooks/matcher.js';
import type { Runbook } from '../../../src/incidents/runbooks/schema.js';
import { type FixtureAlert, fixtureAlerts, incidentOf } from './fixture-alerts.js';
import { messageProblems } from './limit-checker.js';
import { visibleChars, visibleTexts } from './visible-text.js';

/**
 * Issue #13's limits, for every alert in test/fixtures: an open card is at most 7 blocks and
 * 1,200 visible characters in every open state (the busiest is acknowledged, assigned, escalated,
 * reopened, with ticked steps and many occurrences); a resolved card is at most 3 blocks.
 */

let alerts: FixtureAlert[] = [];
let runbooks: Runbook[] = [];
beforeAll(async () => {
  [alerts, runbooks] = await Promise.all([fixtureAlerts(), loadRunbooks()]);
});

function busiest(incident: Incident): Incident {
  return {
    ...incident,
    status: 'snoozed',
    snoozedUntil: '2025-06-01T12:00:00.000Z',
    assignee: 'U0ASSIGNEE1',
    escalationLevel: 3,
    reopenedCount: 12,
    occurrences: 123_456,
    lastSeen: '2025-06-01T09:59:00.000Z',
    recoveredAt: '2025-06-01T09:00:00.000Z',
    runbookSteps: { '0': { checkedBy: 'U0RESPONDR1', checkedAt: '2025-06-01T09:10:00.000Z' } },
    card: { channel: 'C0SECURITY1', ts: '1748768400.000100' },
  };
}

function resolved(incident: Incident): Incident {
  return {
    ...incident,
    status: 'resolved',
    resolvedBy: 'U0RESPONDR1',
    resolvedAt: '2025-06-01T11:00:00.000Z',
    resolution: { summary: 'x'.repeat(500), rootCause: 'credential-compromise', notes: 'n'.repeat(3000) },
  };
}

describe('the card of every fixture alert', () => {
  it('finds alerts of every source in the fixtures', () => {
    const sources = new Set(alerts.map((a) => a.alert.source));
    expect([...sources]).toEqual(
      expect.arrayContaining(['guardduty', 'cloudwatch-alarm', 'cloudtrail-detection']),
    );
    expect(alerts.length).toBeGreaterThan(40);
  });

  it('is at most 7 blocks and 1,200 visible characters open, in its busiest state, and valid Block Kit', () => {
    const over: string[] = [];
    for (const { name, alert } of alerts) {
      const runbook = selectRunbook(runbooks, { source: alert.source, type: alert.type });
      for (const incident of [
        incidentOf(alert, runbook?.id ?? 'none'),
        busiest(incidentOf(alert, runbook?.id ?? 'none')),
      ]) {
        const card = buildIncidentCard(incident, runbook);
        const chars = visibleChars(card.blocks);
        if (card.blocks.length > 7 || chars > 1200)
          over.push(`${name}: ${card.blocks.length} blocks, ${chars} chars`);
        const problems = messageProblems(card.blocks);
        if (problems.length > 0) over.push(`${name}: ${problems.join('; ')}`);
      }
    }
    expect(over).toEqual([]);
  });

  it('collapses to at most 3 blocks once resolved: header, who resolved it and why, links', () => {
    const over: string[] = [];
    for (const { name, alert } of alerts) {
      const runbook = selectRunbook(runbooks, { source: alert.source, type: alert.type });
      const card = buildIncidentCard(resolved(busiest(incidentOf(alert, runbook?.id ?? 'none'))), runbook);
      if (card.blocks.length > 3) over.push(`${name}: ${card.blocks.length} blocks`);
      const problems = messageProblems(card.blocks);
      if (problems.length > 0) over.push(`${name}: ${problems.join('; ')}`);
      const [, why, links] = visibleTexts(card.blocks);
      if (!why?.includes('Resolved by') || !links?.includes('Thread'))
        over.push(`${name}: ${why} / ${links}`);
    }
    expect(over).toEqual([]);
  });

  it('shows each fact once: no label, status or runbook progress repeated on a card', () => {
    const repeated: string[] = [];
    for (const { name, alert } of alerts) {
      const runbook = selectRunbook(runbooks, { source: alert.source, type: alert.type });
      const card = buildIncidentCard(busiest(incidentOf(alert, runbook?.id ?? 'none')), runbook);
      const text = visibleTexts(card.blocks).join('\n');
      for (const once of ['Snoozed', 'Runbook:', 'occurrences', 'INC-FIXTURE1', 'payments-production']) {
        const n = text.split(once).length - 1;
        if (n !== 1) repeated.push(`${name}: "${once}" ${n} times`);
      }
    }
    expect(repeated).toEqual([]);
  });
});
