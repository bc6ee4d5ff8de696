import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIncidentCard } from '../../../src/incidents/card/card.js';
import { factsFor } from '../../../src/incidents/card/facts/index.js';
import { targetsFact } from '../../../src/incidents/card/facts/targets.js';
import { INCIDENT_BLOCK_IDS } from '../../../src/incidents/card/ids.js';
import type { Incident } from '../../../src/incidents/incident.js';
import { makeIncident } from './incident-fixture.js';
import { messageProblems } from './limit-checker.js';
import { visibleChars } from './visible-text.js';

/**
 * The card's "Targets (n)" fact: the resources an incident's separate alerts acted on, named as
 * far as they fit and counted past that, escaped like every value, within Slack's limits.
 */

const instance = (n: number) => `i-0${n.toString(16).padStart(16, '0')}`;

/** A CloudTrail detection incident, one caller refused on `total` instances (the first 20 kept). */
function deniedOnMany(total: number, overrides: Partial<Incident> = {}): Incident {
  const ids = Array.from({ length: Math.min(20, total) }, (_, n) => instance(n + 1));
  return makeIncident({
    source: 'cloudtrail-detection',
    type: 'cis-unauthorized-api-calls',
    title: 'Unauthorized API calls',
    description: 'StopInstances by intern-kit on Instance i-01 (failed: Client.UnauthorizedOperation)',
    resource: { type: 'Instance', id: instance(total), tags: {} },
    actor: {
      principal: 'arn:aws:iam::432109876543:user/intern-kit',
      sourceIp: '198.51.100.61',
      api: 'StopInstances',
    },
    occurrences: total,
    targets: { ids, total },
    ...overrides,
  });
}

function factsSection(incident: Incident): string[] {
  const card = buildIncidentCard(incident, undefined);
  const block = card.blocks.find((b) => 'block_id' in b && b.block_id === INCIDENT_BLOCK_IDS.facts) as
    | { fields?: Array<{ text: string }> }
    | undefined;
  return (block?.fields ?? []).map((f) => f.text);
}

describe('the Targets fact', () => {
  it('names the first targets and counts the rest, after the caller and source', () => {
    const facts = factsFor(deniedOnMany(30));
    expect(facts.map((f) => f.label).slice(0, 3)).toEqual(['Caller', 'Source IP', 'Targets (30)']);
    const value = facts[2]?.value ?? '';
    expect(value).toMatch(/^i-00000000000000001, i-00000000000000002, .* and \d+ more$/);
    const named = value.replace(/ and \d+ more$/, '').split(', ');
    expect(Number(/and (\d+) more$/.exec(value)?.[1])).toBe(30 - named.length);
    expect(value.length).toBeLessThanOrEqual(120);
  });

  it('is on the card, in the facts section', () => {
    const fields = factsSection(deniedOnMany(30));
    const targets = fields.find((f) => f.startsWith('*Targets (30)*'));
    expect(targets).toMatch(/\ni-00000000000000001, i-00000000000000002, .* and \d+ more$/);
  });

  it('lists every target when they fit, and is absent with one target or none stored', () => {
    expect(targetsFact({ targets: { ids: ['i-0a', 'i-0b', 'i-0c'], total: 3 } })).toEqual([
      { label: 'Targets (3)', value: 'i-0a, i-0b, i-0c', kind: 'text' },
    ]);
    expect(targetsFact({ targets: { ids: ['i-0a'], total: 1 } })).toEqual([]);
    expect(targetsFact({})).toEqual([]);
    expect(factsFor(makeIncident()).some((f) => f.label.startsWith('Targets'))).toBe(false);
  });

  it('names at least one target, cut by the card, when the first id alone is long', () => {
    const long = 'x'.repeat(64);
    const [fact] = targetsFact({ targets: { ids: [long, long.replace(/x$/, 'y')], total: 2 } });
    expect(fact?.value).toBe(`${long} and 1 more`);
  });

  it('escapes ids: no mention, link or formatting from a hostile resource id reaches Slack', () => {
    const hostile = [
      '<!here>',
      '*bold*',
      '<https://evil.example|click>',
      'a&b',
      '`tick`',
      'AKIAABCDEFGHIJKLMNOP',
    ];
    const fields = factsSection(deniedOnMany(6, { targets: { ids: hostile, total: 6 } }));
    const targets = fields.find((f) => f.startsWith('*Targets (6)*')) ?? '';
    expect(targets).not.toBe('');
    const value = targets.split('\n')[1] ?? '';
    expect(value).not.toMatch(/<!here>|<https?:/);
    expect(value).toContain('&lt;!here&gt;');
    expect(value).toContain('a&amp;b');
    expect(value).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(value).toMatch(/\u200B\*bold\*\u200B|\u200B\*\u200Bbold\u200B\*\u200B/);
  });

  it('keeps any targets within Block Kit limits and the card budget', () => {
    const anyId = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }),
      fc.constantFrom('<!channel>', '&amp;', '```', '\u202E', '*_~', 'AKIAABCDEFGHIJKLMNOP'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }).map((s) => s.repeat(400)),
    );
    fc.assert(
      fc.property(
        fc.array(anyId, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (ids, extra) => {
          const incident = deniedOnMany(2, { targets: { ids, total: ids.length + extra } });
          const card = buildIncidentCard(incident, undefined);
          expect(messageProblems(card.blocks)).toEqual([]);
          expect(visibleChars(card.blocks)).toBeLessThanOrEqual(1200);
          expect(factsSection(incident).some((f) => f.startsWith(`*Targets (${ids.length + extra})*`))).toBe(
            true,
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
