import { describe, expect, it } from 'vitest';
import { exampleFigures } from '../../src/digest/example.js';
import { digestPreviewJson, renderDigestText } from '../../src/digest/preview.js';
import type { Scorecard } from '../../src/digest/scorecard.js';

const scorecard: Scorecard = [
  {
    area: 'Identity and access',
    status: 'good',
    figure: 'Latest review 2025-03-05',
    nextAction: 'Keep going.',
  },
  {
    area: 'Data protection',
    status: 'could-not-check',
    figure: 'Bucket \u001b[31mred\u001b[0m',
    nextAction: 'Grant it.',
    missingPermission: 'kms:GetKeyRotationStatus',
  },
];
const options = { title: 'Weekly security posture', scopeLabel: '2 accounts' };

describe('digest preview', () => {
  it('renders plain text with the scorecard, the figures and the chart rows', () => {
    const text = renderDigestText(exampleFigures(), scorecard, options);
    expect(text).toContain('[Could not check] Data protection');
    expect(text).toContain('Missing permission: kms:GetKeyRotationStatus');
    expect(text).toContain('2025-03-03 → 2025-03-10 (Europe/Berlin)');
    expect(text).toMatch(/LAST 4 WEEKS\n {2}Feb 11–Feb 17: \d+ opened/);
    expect(text).toContain('Percentiles: nearest-rank');
  });

  it('strips terminal control characters from untrusted names', () => {
    const text = renderDigestText(exampleFigures(), scorecard, options);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('Bucket [31mred[0m');
  });

  it('gives JSON with the figures, the scorecard and the exact Slack message', () => {
    const json = JSON.parse(JSON.stringify(digestPreviewJson(exampleFigures(), scorecard, options))) as {
      figures: { daily: unknown[] };
      scorecard: unknown[];
      message: { text: string; blocks: unknown[] };
    };
    expect(json.figures.daily).toHaveLength(28);
    expect(json.scorecard).toHaveLength(2);
    expect(json.message.blocks.length).toBeGreaterThan(5);
    expect(json.message.text).toContain('Weekly security posture (2 accounts)');
  });
});
