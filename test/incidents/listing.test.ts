import { describe, expect, it } from 'vitest';
import { openIncident } from '../../src/incidents/apply-alert-rules.js';
import type { Incident } from '../../src/incidents/incident.js';
import { formatIncident, formatIncidentList } from '../../src/incidents/listing.js';
import { plural } from '../../src/slack/blocks/text.js';
import { guardDutyAlert } from './helpers/alerts.js';
import { T0 } from './helpers/engine.js';

function incident(changes: Partial<Incident> = {}): Incident {
  return { ...openIncident('INC-LIST1', guardDutyAlert(), T0, { runbookId: 'none' }).incident, ...changes };
}

describe('the /incidents answer names people as mentions', () => {
  it('shows who acknowledged as a mention, never the raw user id', () => {
    const acked = incident({ status: 'acknowledged', acknowledgedBy: 'U0DEMORESP' });
    for (const text of [formatIncident(acked, T0, undefined), formatIncidentList([acked], T0, new Map())]) {
      expect(text).toContain('acknowledged by <@U0DEMORESP>');
      expect(text).not.toMatch(/acknowledged by U0DEMORESP/);
    }
  });

  it('shows the assignee as a mention too', () => {
    const assigned = incident({ assignee: 'U0DEMOADMN' });
    expect(formatIncident(assigned, T0, undefined)).toContain('assigned to <@U0DEMOADMN>');
  });

  it('never turns something that is not a user id into a mention (it is escaped text)', () => {
    const odd = incident({ status: 'acknowledged', acknowledgedBy: '<!channel>' });
    const text = formatIncident(odd, T0, undefined);
    expect(text).toContain('acknowledged by &lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
  });
});

describe('counts read as English', () => {
  it('says "1 occurrence" and "3 occurrences", never "occurrence(s)"', () => {
    expect(formatIncident(incident({ occurrences: 1 }), T0, undefined)).toContain('1 occurrence');
    expect(formatIncident(incident({ occurrences: 3 }), T0, undefined)).toContain('3 occurrences');
    expect(formatIncident(incident({ occurrences: 3 }), T0, undefined)).not.toContain('(s)');
  });

  it('plural picks the singular for one and the plural otherwise', () => {
    expect(plural(1, 'principal')).toBe('1 principal');
    expect(plural(0, 'principal')).toBe('0 principals');
    expect(plural(49, 'finding')).toBe('49 findings');
    expect(plural(2, 'policy', 'policies')).toBe('2 policies');
  });
});
