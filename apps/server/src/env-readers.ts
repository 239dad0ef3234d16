/** Readers of environment variables that throw ConfigError naming the variable and what is allowed. */

/** A configuration value that is not allowed; the message names the variable and what is allowed. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

/** The environment variables, as `process.env` holds them. */
export type Env = Record<string, string | undefined>;

/** A whole number from `min` to `max`, or `fallback` when unset. */
export function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/** One of `allowed` (case-insensitive), or `fallback` when unset. */
export function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(env[name])}`);
  }
  return raw as T;
}

/** A trimmed string matching `pattern` (described by `what`), or `fallback` when unset. */
export function readString(env: Env, name: string, fallback: string, pattern?: RegExp, what?: string): string {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (pattern && !pattern.test(raw.trim())) throw new ConfigError(name, `must be ${what}, got ${JSON.stringify(raw)}`);
  return raw.trim();
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration like `500ms`, `30s`, `5m`, `12h` or `30d`, in milliseconds; `fallback` (same form) when unset. */
export function readDuration(env: Env, name: string, fallback: string): number {
  const raw = (env[name]?.trim() || fallback).toLowerCase();
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(raw);
  if (!m) throw new ConfigError(name, `must be a duration like 500ms, 30s, 5m, 12h or 30d, got ${JSON.stringify(env[name])}`);
  return Number(m[1]) * DURATION_UNITS[m[2]!]!;
}
