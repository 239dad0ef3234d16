import { ConfigError, type Env, readDuration, readEnum } from './env-readers.js';

/** Who may use the server. */
export const AUTH_MODES = ['accounts', 'open'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** People, sign-in and sessions, from the environment (SECURITY.md explains each). */
export interface AccountsConfig {
  /**
   * `AUTH_MODE`, default `accounts`: people sign in and documents belong to them. `open`: no
   * sign-in, every document open to whoever reaches the server (tokens still apply when
   * AUTH_SECRET is set).
   */
  mode: AuthMode;
  /** How long a sign-in lasts (`SESSION_TTL`, default 30d, from 1h to 400d). */
  sessionTtlMs: number;
  /**
   * The server's address as people reach it (`PUBLIC_URL`, e.g. https://docs.example.com), for
   * the invite and share links it hands out; default: the address of the request.
   */
  publicUrl: string | null;
}

function readPublicUrl(env: Env): string | null {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return null;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.pathname.replace(/\/$/, '') !== '' || url.search || url.hash) {
    throw new ConfigError('PUBLIC_URL', `must be an http:// or https:// origin like https://docs.example.com (no path), got ${JSON.stringify(raw)}`);
  }
  return url.origin;
}

/** Reads the accounts settings; throws ConfigError naming the first bad variable. */
export function parseAccountsConfig(env: Env): AccountsConfig {
  const sessionTtlMs = readDuration(env, 'SESSION_TTL', '30d');
  if (sessionTtlMs < 3_600_000 || sessionTtlMs > 400 * 86_400_000) {
    throw new ConfigError('SESSION_TTL', `must be from 1h to 400d, got ${JSON.stringify(env.SESSION_TTL)}`);
  }
  return {
    mode: readEnum(env, 'AUTH_MODE', AUTH_MODES, 'accounts'),
    sessionTtlMs,
    publicUrl: readPublicUrl(env),
  };
}
