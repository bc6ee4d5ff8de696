import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALERT_SOURCES, SEVERITY_LABELS } from '../../../src/alerts/alert.js';
import { buildIncidentCard } from '../../../src/incidents/card/card.js';
import { INCIDENT_STATUSES, type Incident } from '../../../src/incidents/incident.js';
import type { Runbook } from '../../../src/incidents/runbooks/schema.js';
import { messageProblems } from './limit-checker.js';
import { visibleChars } from './visible-text.js';

/** Strings of every kind: any code point (lone surrogates too), graphemes, hostile markup, and very long text. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom(
    '',
    ' ',
    '<!here>',
    '<@U123|x>',
    '&amp;&lt;',
    '```',
    '\u202E\u2066',
    'AKIAABCDEFGHIJKLMNOP',
    'שלום مرحبا 🚨👩‍💻',
  ),
  fc
    .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), fc.integer({ min: 200, max: 1200 }))
    .map(([s, n]) => s.repeat(n)),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const incidentArb: fc.Arbitrary<Incident> = fc
  .record({
    id: anyText,
    status: fc.constantFrom(...INCIDENT_STATUSES),
    escalationLevel: fc.nat(20),
    severity: fc.double({ noNaN: false }),
    severityLabel: fc.constantFrom(...SEVERITY_LABELS),
    type: anyText,
    title: anyText,
    description: anyText,
    accountId: anyText,
    accountAlias: maybe(anyText),
    region: anyText,
    resourceType: anyText,
    resourceId: anyText,
    resourceArn: maybe(anyText),
    tags: fc.dictionary(anyText, anyText, { maxKeys: 20 }),
    actor: maybe(
      fc.record({
        principal: maybe(anyText),
        accessKeyId: maybe(anyText),
        sourceIp: maybe(anyText),
        api: maybe(anyText),
        userAgent: maybe(anyText),
      }),
    ),
    links: fc.record({
      guardDutyFinding: maybe(anyText),
      cloudTrailEventHistory: maybe(anyText),
      alarm: maybe(anyText),
    }),
    owner: maybe(fc.record({ team: anyText, source: anyText })),
    ticks: fc.dictionary(fc.nat(60).map(String), fc.record({ checkedBy: anyText, checkedAt: anyText }), {
      maxKeys: 30,
    }),
    occurrences: fc.integer({ min: 1, max: 1_000_000 }),
    firstSeen: anyText,
    lastSeen: anyText,
    acknowledgedBy: maybe(anyText),
    assignee: maybe(anyText),
    snoozedUntil: maybe(anyText),
    resolvedBy: maybe(anyText),
    resolution: maybe(fc.record({ summary: anyText, rootCause: anyText, notes: maybe(anyText) })),
    reopenedCount: fc.nat(5),
    sampleData: maybe(fc.boolean()),
    vendorSample: maybe(fc.boolean()),
    source: fc.constantFrom(...ALERT_SOURCES),
    facts: maybe(
      fc.array(
        fc.record({
          label: anyText,
          value: anyText,
          kind: fc.constantFrom('text' as const, 'code' as const),
        }),
        {
          maxLength: 12,
        },
      ),
    ),
  })
  .map((r) => {
    // exactOptionalPropertyTypes: optional fields are left out rather than set to undefined
    const optional = Object.fromEntries(
      Object.entries({
        accountAlias: r.accountAlias,
        acknowledgedBy: r.acknowledgedBy,
        assignee: r.assignee,
        snoozedUntil: r.snoozedUntil,
        resolvedBy: r.resolvedBy,
        sampleData: r.sampleData,
        vendorSample: r.vendorSample,
        facts: r.facts,
        actor: r.actor && Object.fromEntries(Object.entries(r.actor).filter(([, v]) => v !== undefined)),
        owner: r.owner,
        resolution:
          r.resolution && Object.fromEntries(Object.entries(r.resolution).filter(([, v]) => v !== undefined)),
      }).filter(([, v]) => v !== undefined),
    );
    return {
      id: r.id,
      status: r.status,
      escalationLevel: r.escalationLevel,
      severity: r.severity,
      severityLabel: r.severityLabel,
      source: r.source,
      type: r.type,
      title: r.title,
      description: r.description,
      accountId: r.accountId,
      region: r.region,
      resource: {
        type: r.resourceType,
        id: r.resourceId,
        tags: r.tags,
        ...(r.resourceArn === undefined ? {} : { arn: r.resourceArn }),
      },
      links: Object.fromEntries(Object.entries(r.links).filter(([, v]) => v !== undefined)),
      dedupeKeys: [],
      runbookId: 'any',
      runbookSteps: r.ticks,
      occurrences: r.occurrences,
      firstSeen: r.firstSeen,
      lastSeen: r.lastSeen,
      openedAt: r.firstSeen,
      reopenedCount: r.reopenedCount,
      version: 1,
      ...optional,
    } as Incident;
  });

const runbookArb: fc.Arbitrary<Runbook> = fc
  .record({
    id: anyText,
    title: anyText,
    summary: maybe(anyText),
    steps: fc.array(
      fc.record({
        text: fc.oneof(
          anyText,
          anyText.map((t) => `${t} {{resource.id}} {{actor.accessKeyId}} {{nope}}`),
        ),
        command: maybe(anyText.map((t) => `aws x --id {{resource.id}} ${t}`)),
      }),
      { minLength: 1, maxLength: 120 },
    ),
  })
  .map((r) => ({
    id: r.id,
    title: r.title,
    ...(r.summary === undefined ? {} : { summary: r.summary }),
    match: { fallback: true as const },
    steps: r.steps.map((s) =>
      s.command === undefined ? { text: s.text } : { text: s.text, command: s.command },
    ),
    references: [{ title: 'r' }],
    frameworks: [],
  }));

describe('buildIncidentCard for any input', () => {
  it('always produces valid Block Kit within Slack limits and the text budget', () => {
    fc.assert(
      fc.property(incidentArb, fc.option(runbookArb, { nil: undefined }), (incident, runbook) => {
        const card = buildIncidentCard(incident, runbook);
        expect(messageProblems(card.blocks)).toEqual([]);
        expect(card.blocks.length).toBeLessThanOrEqual(incident.status === 'resolved' ? 3 : 7);
        expect(visibleChars(card.blocks)).toBeLessThanOrEqual(1200);
        expect(card.text.length).toBeGreaterThan(0);
        expect(card.text.length).toBeLessThanOrEqual(4000);
        expect(card.text).not.toMatch(/[\n<>]/);
      }),
      { numRuns: 150 },
    );
  });
});
