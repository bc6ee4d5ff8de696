import { alarmEventDetailSchema, alarmMessageSchema } from '../../alarm/schema.js';
import { cleanText } from '../../text.js';

/**
 * What a CloudWatch alarm says about the metrics it watches and its evaluation window, read
 * back from an alarm alert's `raw`: the SNS alarm message (PascalCase `Trigger`), the same
 * inside an SNS Notification envelope, or an EventBridge "CloudWatch Alarm State Change" event
 * (camelCase `detail.configuration.metrics`). EventBridge events do not carry the number of
 * evaluation periods, so their window falls back to the configured lookback.
 */

export interface AlarmMetric {
  readonly name: string;
  readonly namespace?: string;
  readonly periodSeconds?: number;
}

export interface AlarmWindowFacts {
  readonly metrics: readonly AlarmMetric[];
  readonly evaluationPeriods?: number;
}

function metric(name: unknown, namespace: unknown, period: unknown): AlarmMetric[] {
  const cleanName = typeof name === 'string' ? cleanText(name) : undefined;
  if (cleanName === undefined) return [];
  const ns = typeof namespace === 'string' ? cleanText(namespace) : undefined;
  const seconds = typeof period === 'number' && period > 0 ? period : undefined;
  return [
    {
      name: cleanName,
      ...(ns === undefined ? {} : { namespace: ns }),
      ...(seconds === undefined ? {} : { periodSeconds: seconds }),
    },
  ];
}

function fromSnsMessage(raw: unknown): AlarmWindowFacts | undefined {
  const parsed = alarmMessageSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const trigger = parsed.data.Trigger;
  if (!trigger) return { metrics: [] };
  const metrics = trigger.Metrics?.length
    ? trigger.Metrics.flatMap((m) =>
        metric(m.MetricStat?.Metric?.MetricName, m.MetricStat?.Metric?.Namespace, m.MetricStat?.Period),
      )
    : metric(trigger.MetricName, trigger.Namespace, trigger.Period);
  const periods = trigger.EvaluationPeriods;
  return typeof periods === 'number' && periods > 0 ? { metrics, evaluationPeriods: periods } : { metrics };
}

function fromEventBridge(raw: unknown): AlarmWindowFacts | undefined {
  if (typeof raw !== 'object' || raw === null || !('detail' in raw)) return undefined;
  const parsed = alarmEventDetailSchema.safeParse(raw.detail);
  if (!parsed.success) return undefined;
  const metrics = (parsed.data.configuration?.metrics ?? []).flatMap((m) =>
    metric(m.metricStat?.metric?.name, m.metricStat?.metric?.namespace, m.metricStat?.period),
  );
  return { metrics };
}

/** An SNS Notification envelope's parsed Message, else the input itself. */
function unwrapSns(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  if (!('Type' in raw) || raw.Type !== 'Notification' || !('Message' in raw)) return raw;
  if (typeof raw.Message !== 'string') return raw;
  try {
    return JSON.parse(raw.Message) as unknown;
  } catch {
    return raw;
  }
}

/** The alarm's metrics and evaluation periods, or undefined when `raw` is no alarm we can read. */
export function alarmWindowFacts(raw: unknown): AlarmWindowFacts | undefined {
  const input = unwrapSns(raw);
  if (typeof input === 'object' && input !== null && 'detail-type' in input) return fromEventBridge(input);
  return fromSnsMessage(input);
}
