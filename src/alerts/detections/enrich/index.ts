export { type AlarmMetric, type AlarmWindowFacts, alarmWindowFacts } from './alarm-metrics.js';
export {
  DEFAULT_LOOKBACK_MS,
  type EnrichAlarmDeps,
  enrichAlarmAlert,
  MAX_ENRICHMENT_PAGES,
} from './enrich-alarm.js';
