export {
  freePort,
  type PrivateRedis,
  redisServerAvailable,
  startPrivateRedis,
} from '../../src/sandbox/redis-server.js';
