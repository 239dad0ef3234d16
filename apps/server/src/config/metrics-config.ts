import { ConfigError, type Env, readDuration } from './env-readers.js';
import { readSecret } from './token-config.js';

/** Who may read `/metrics`, and how often a repeated log event is written. */
export interface MetricsConfig {
  /** Bearer token `/metrics` requires (`METRICS_TOKEN`, 16+ characters); null: open, as probes are. */
  token: string | null;
  /**
   * Window of the log throttle (`LOG_THROTTLE_WINDOW`, 1s to 1h, default 10s): a repeated event is
   * one line per window plus a count. 0 (`off`): every line is written.
   */
  logThrottleMs: number;
}

/** Reads METRICS_TOKEN and LOG_THROTTLE_WINDOW; throws ConfigError naming a bad one. */
export function parseMetricsConfig(env: Env): MetricsConfig {
  if (env.LOG_THROTTLE_WINDOW?.trim().toLowerCase() === 'off') return { token: readSecret(env, 'METRICS_TOKEN', 16), logThrottleMs: 0 };
  const logThrottleMs = readDuration(env, 'LOG_THROTTLE_WINDOW', '10s');
  if (logThrottleMs < 1000 || logThrottleMs > 3_600_000) {
    throw new ConfigError('LOG_THROTTLE_WINDOW', `must be from 1s to 1h, or off, got ${JSON.stringify(env.LOG_THROTTLE_WINDOW)}`);
  }
  return { token: readSecret(env, 'METRICS_TOKEN', 16), logThrottleMs };
}
