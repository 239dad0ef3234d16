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

/** A duration in the config's own form: `90s` rather than `90000ms`, `10m` rather than `600s`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms >= DURATION_UNITS[unit]! && ms % DURATION_UNITS[unit]! === 0) return `${ms / DURATION_UNITS[unit]!}${unit}`;
  }
  return `${ms}ms`;
}

/**
 * A duration like `500ms`, `30s`, `5m`, `12h` or `30d`, in milliseconds; `fallback` (same form)
 * when unset. This is the one duration format of every variable; `min`/`max` bound it.
 */
export function readDuration(env: Env, name: string, fallback: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = (env[name]?.trim() || fallback).toLowerCase();
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(raw);
  if (!m) throw new ConfigError(name, `must be a duration like 500ms, 30s, 5m, 12h or 30d, got ${JSON.stringify(env[name])}`);
  const ms = Number(m[1]) * DURATION_UNITS[m[2]!]!;
  if (ms < min || ms > max) throw new ConfigError(name, `must be from ${formatDuration(min)} to ${formatDuration(max)}, got ${JSON.stringify(env[name])}`);
  return ms;
}

/**
 * A duration (`readDuration`) that used to be a number of milliseconds under `legacyName`
 * (`PING_INTERVAL_MS` is now `PING_INTERVAL`). The old name still works, read as milliseconds
 * within the same bounds, and adds a deprecation warning to `warnings`; both set is an error.
 */
export function readDurationWithLegacyMs(env: Env, name: string, legacyName: string, fallback: string, min: number, max: number, warnings: string[]): number {
  const legacy = env[legacyName]?.trim();
  if (legacy === undefined || legacy === '') return readDuration(env, name, fallback, min, max);
  if (env[name]?.trim()) throw new ConfigError(legacyName, `is the old name of ${name}: set only ${name}`);
  const ms = readInt(env, legacyName, 0, min, max);
  warnings.push(`${legacyName} is deprecated: use ${name}=${formatDuration(ms)} (a duration like 500ms, 30s or 5m)`);
  return ms;
}
