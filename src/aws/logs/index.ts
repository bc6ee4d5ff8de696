export {
  type AlarmModeConfig,
  alarmModeSchema,
  type CloudTrailLogGroup,
  cloudTrailLogGroupSchema,
  type LogWatchConfig,
  logGroupLookup,
  logWatchSchema,
} from '../../platform/config/log-watch.js';
export { withRateBudget } from './budgeted-port.js';
export {
  cursorAfter,
  isBehind,
  type LogCursor,
  type LogCursorStore,
  logWatchCursorKey,
  RedisLogCursorStore,
} from './cursor.js';
export type {
  CloudTrailLogEvent,
  CloudTrailLogsPage,
  CloudTrailLogsPort,
  FilterLogEventsRequest,
} from './port.js';
export {
  DEFAULT_REQUESTS_PER_SECOND,
  type RateBudget,
  RateBudgetTimeoutError,
  type RateScope,
  RedisRateBudget,
  rateBudgetKey,
} from './rate-budget.js';
export { cloudTrailEventFrom, SdkCloudTrailLogsPort } from './sdk-port.js';
