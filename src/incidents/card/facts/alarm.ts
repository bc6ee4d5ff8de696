import type { AlertFact } from '../../../alerts/alert.js';
import { factOf } from './principal.js';
import type { FactSubject } from './subject.js';

/**
 * A CloudWatch alarm's key facts from the lines its normalizer wrote (description, state reason,
 * one line per metric, missing-data treatment): the metric, the latest value and the threshold.
 * The alarm's name is the incident's resource, on the card's context line already.
 */

const COMPARISONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/greater than or equal to/, '≥'],
  [/less than or equal to/, '≤'],
  [/greater than/, '>'],
  [/less than/, '<'],
];

function reasonLine(lines: readonly string[]): number {
  return lines.findIndex((l) => /^Thresholds? Crossed:/i.test(l) || /datapoints? \[/.test(l));
}

function threshold(reason: string): string | undefined {
  const single = /(?:was|were) (not )?(.+?) the threshold \(([^)]+)\)/.exec(reason);
  if (single) {
    const word = COMPARISONS.find(([re]) => re.test(single[2] ?? ''))?.[1] ?? single[2];
    return `${single[1] ? 'not ' : ''}${word} ${single[3]}`;
  }
  const lower = /lower thresholds \[([^\]]+)\]/.exec(reason)?.[1];
  const upper = /upper thresholds \[([^\]]+)\]/.exec(reason)?.[1];
  if (lower && upper) return `outside band ${lower} – ${upper}`;
  if (upper) return `above band ${upper}`;
  if (lower) return `below band ${lower}`;
  return undefined;
}

export function alarmFacts(subject: FactSubject): AlertFact[] {
  const lines = subject.description
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const at = reasonLine(lines);
  const reason = at >= 0 ? (lines[at] ?? '') : '';
  const metrics = (at >= 0 ? lines.slice(at + 1) : []).filter((l) => !/^Missing data is treated as/.test(l));
  const missing = lines
    .find((l) => /^Missing data is treated as/.test(l))
    ?.replace(/^Missing data is treated as:\s*/, '');
  const value = /datapoints? \[([^\s(\]]+)/.exec(reason)?.[1];
  const window = /(\d+ out of the last \d+) datapoints?/.exec(reason)?.[1];
  return [
    ...factOf('Metric', metrics.slice(0, 3).join('; '), 'code'),
    ...factOf('Value', value && `${value}${window ? ` (${window} datapoints breaching)` : ''}`),
    ...factOf('Threshold', threshold(reason)),
    ...factOf('Missing data', missing),
  ];
}
