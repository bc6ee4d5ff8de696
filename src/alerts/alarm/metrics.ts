import { cleanText } from '../text.js';
import type { AlarmEventDetail, AlarmMessage } from './schema.js';

/**
 * One line per metric an alarm watches, for the alert description: what a responder needs to
 * find the graph (namespace, metric, dimensions, statistic, period) or the math behind it.
 */

interface MetricParts {
  readonly id?: string | null | undefined;
  readonly expression?: string | null | undefined;
  readonly label?: string | null | undefined;
  readonly namespace?: string | null | undefined;
  readonly name?: string | null | undefined;
  readonly dimensions: ReadonlyArray<readonly [string, string]>;
  readonly stat?: string | null | undefined;
  readonly period?: number | null | undefined;
}

function metricLine(parts: MetricParts): string | undefined {
  const expression = cleanText(parts.expression);
  const metric = [cleanText(parts.namespace), cleanText(parts.name)].filter(Boolean).join(' ');
  const dims = parts.dimensions.map(([name, value]) => `${name}=${value}`).join(', ');
  const how = [cleanText(parts.stat), parts.period ? `${parts.period}s` : undefined]
    .filter(Boolean)
    .join('/');
  const body =
    expression ??
    (metric ? `${metric}${dims ? ` (${dims})` : ''}${how ? ` ${how}` : ''}` : cleanText(parts.label));
  if (body === undefined) return undefined;
  const id = cleanText(parts.id);
  return id ? `${id} = ${body}` : body;
}

type SnsDimensions = NonNullable<NonNullable<AlarmMessage['Trigger']>['Dimensions']>;

function snsDimensionPairs(dimensions: SnsDimensions | null | undefined): Array<[string, string]> {
  return (dimensions ?? []).flatMap((d) => (d.name ? [[d.name, d.value ?? ''] as [string, string]] : []));
}

export function snsMetricLines(trigger: AlarmMessage['Trigger']): string[] {
  if (!trigger) return [];
  if (trigger.Metrics?.length) {
    return trigger.Metrics.flatMap((m) => {
      const line = metricLine({
        id: m.Id,
        expression: m.Expression,
        label: m.Label,
        namespace: m.MetricStat?.Metric?.Namespace,
        name: m.MetricStat?.Metric?.MetricName,
        dimensions: snsDimensionPairs(m.MetricStat?.Metric?.Dimensions),
        stat: m.MetricStat?.Stat,
        period: m.MetricStat?.Period,
      });
      return line ? [line] : [];
    });
  }
  const line = metricLine({
    namespace: trigger.Namespace,
    name: trigger.MetricName,
    dimensions: snsDimensionPairs(trigger.Dimensions),
    stat: trigger.Statistic ?? trigger.ExtendedStatistic,
    period: trigger.Period,
  });
  return line ? [line] : [];
}

export function eventMetricLines(configuration: AlarmEventDetail['configuration']): string[] {
  const rule = cleanText(configuration?.alarmRule);
  const lines = (configuration?.metrics ?? []).flatMap((m) => {
    const line = metricLine({
      id: m.id,
      expression: m.expression,
      label: m.label,
      namespace: m.metricStat?.metric?.namespace,
      name: m.metricStat?.metric?.name,
      dimensions: Object.entries(m.metricStat?.metric?.dimensions ?? {}),
      stat: m.metricStat?.stat,
      period: m.metricStat?.period,
    });
    return line ? [line] : [];
  });
  return rule ? [`rule = ${rule}`, ...lines] : lines;
}

/** `"- TreatMissingData:                    missing"` (a real AWS quirk) becomes `missing`. */
export function treatMissingData(value: string | null | undefined): string | undefined {
  const cleaned = cleanText(value);
  if (cleaned === undefined) return undefined;
  return /([A-Za-z]+)$/.exec(cleaned)?.[1] ?? cleaned;
}
