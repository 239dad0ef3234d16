import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { ConfigError, type Env, readDurationWithLegacyMs, readInt } from './env-readers.js';
import { parseTokenConfig, readSecret, type TokenConfig } from './token-config.js';

/** Access control, TLS and limits, from the environment (each default is listed in SECURITY.md). */
export interface SecurityConfig {
  /** How document tokens are verified (`AUTH_SECRET`, `AUTH_JWKS_URL`, `AUTH_PUBLIC_KEY_FILE`, `MAX_TOKEN_TTL`...); none set runs the server open. */
  tokens: TokenConfig;
  /** Bearer token for listing and admin operations (`ADMIN_TOKEN`); null disables them when auth is on. */
  adminToken: string | null;
  /** Origins allowed to open a WebSocket besides the server's own (`ALLOWED_ORIGINS`); `'*'` allows any. */
  allowedOrigins: readonly string[] | '*';
  /**
   * Host names this server answers to besides IP addresses and localhost (`ALLOWED_HOSTS`, plus
   * PUBLIC_URL's host); `'*'` answers to any. Other Hosts get 421 (DNS rebinding).
   */
  allowedHosts: readonly string[] | '*';
  /** Proxies whose `X-Forwarded-For` is believed (`TRUST_PROXY`, IP addresses). */
  trustProxy: readonly string[];
  /** Largest WebSocket frame accepted, bytes (`MAX_FRAME_BYTES`); over it the socket closes with 1009. */
  maxFrameBytes: number;
  /** Messages one connection may send per second (`MAX_MESSAGES_PER_SECOND`); over it: 1008. */
  maxMessagesPerSecond: number;
  /** Bytes one connection may send per second (`MAX_BYTES_PER_SECOND`); over it: 1008. */
  maxBytesPerSecond: number;
  /** Open WebSocket connections in total (`MAX_CONNECTIONS`); over it the upgrade gets 503. */
  maxConnections: number;
  /** Open WebSocket connections per client IP (`MAX_CONNECTIONS_PER_IP`); over it: 429. */
  maxConnectionsPerIp: number;
  /** Documents loaded in memory at once (`MAX_DOCUMENTS`); over it a new document's upgrade gets 503. */
  maxDocuments: number;
  /** Largest awareness (presence) update, bytes (`MAX_AWARENESS_BYTES`); over it: 1008. */
  maxAwarenessBytes: number;
  /** Bytes one connection may have queued to send (`MAX_BUFFERED_BYTES`); past half its input pauses, past it: 1013. */
  maxBufferedBytes: number;
  /** Bytes queued to send across all connections (`MAX_OUTBOUND_BYTES`); a send past it closes its connection: 1013. */
  maxOutboundBytes: number;
  /** Largest import request body, bytes (`MAX_IMPORT_BYTES`); over it: 413. */
  maxImportBytes: number;
  /** Largest body of every other request, bytes (`MAX_BODY_BYTES`); over it: 413. */
  maxBodyBytes: number;
  /** Time a client has to finish its TLS handshake and send its request headers, ms (`HANDSHAKE_TIMEOUT`, was `HANDSHAKE_TIMEOUT_MS`). */
  handshakeTimeoutMs: number;
  /** Ping interval, ms (`PING_INTERVAL`, was `PING_INTERVAL_MS`); a connection that misses a pong is closed at the next one. */
  pingIntervalMs: number;
  /** PEM certificate and key files (`TLS_CERT`, `TLS_KEY`): serve HTTPS and WSS directly. */
  tls: { cert: string; key: string } | null;
}

function readOrigins(env: Env): readonly string[] | '*' {
  const raw = env.ALLOWED_ORIGINS?.trim();
  if (!raw) return [];
  if (raw === '*') return '*';
  return raw.split(',').map((item) => {
    const value = item.trim();
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      // reported below
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== value.replace(/\/$/, '')) {
      throw new ConfigError('ALLOWED_ORIGINS', `must be * or comma-separated origins like https://app.example.com:8443 (scheme, host, optional port; no path), got ${JSON.stringify(value)}`);
    }
    return url.origin;
  });
}

function readHosts(env: Env): readonly string[] | '*' {
  const raw = env.ALLOWED_HOSTS?.trim();
  if (raw === '*') return '*';
  const hosts = (raw ? raw.split(',') : []).map((item) => {
    const value = item.trim().toLowerCase();
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(value)) {
      throw new ConfigError('ALLOWED_HOSTS', `must be * or comma-separated host names like docs.example.com (no scheme or port), got ${JSON.stringify(item.trim())}`);
    }
    return value;
  });
  const publicUrl = env.PUBLIC_URL?.trim();
  if (publicUrl) {
    try {
      hosts.push(new URL(publicUrl).hostname.toLowerCase());
    } catch {
      // PUBLIC_URL is checked, with its own message, by the accounts settings
    }
  }
  return hosts;
}

function readProxies(env: Env): readonly string[] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return [];
  return raw.split(',').map((item) => {
    const value = item.trim();
    if (isIP(value) === 0) throw new ConfigError('TRUST_PROXY', `must be comma-separated IP addresses of your proxies, got ${JSON.stringify(value)}`);
    return value;
  });
}

function readTls(env: Env): SecurityConfig['tls'] {
  const cert = env.TLS_CERT?.trim() || null;
  const key = env.TLS_KEY?.trim() || null;
  if (!cert && !key) return null;
  if (!cert) throw new ConfigError('TLS_CERT', 'must be set (a PEM certificate file) when TLS_KEY is set');
  if (!key) throw new ConfigError('TLS_KEY', 'must be set (a PEM private key file) when TLS_CERT is set');
  if (!existsSync(cert)) throw new ConfigError('TLS_CERT', `must be a readable PEM file, ${JSON.stringify(cert)} does not exist`);
  if (!existsSync(key)) throw new ConfigError('TLS_KEY', `must be a readable PEM file, ${JSON.stringify(key)} does not exist`);
  return { cert, key };
}

const MiB = 1 << 20;

/**
 * Reads the security settings; throws ConfigError naming the first bad variable. Deprecated
 * names that still work add a line to `warnings`.
 */
export function parseSecurityConfig(env: Env, warnings: string[] = []): SecurityConfig {
  return {
    tokens: parseTokenConfig(env),
    adminToken: readSecret(env, 'ADMIN_TOKEN', 16),
    allowedOrigins: readOrigins(env),
    allowedHosts: readHosts(env),
    trustProxy: readProxies(env),
    maxFrameBytes: readInt(env, 'MAX_FRAME_BYTES', MiB, 1024, 256 * MiB),
    maxMessagesPerSecond: readInt(env, 'MAX_MESSAGES_PER_SECOND', 300, 1, 1_000_000),
    maxBytesPerSecond: readInt(env, 'MAX_BYTES_PER_SECOND', MiB, 1024, 1024 * MiB),
    maxConnections: readInt(env, 'MAX_CONNECTIONS', 10_000, 1, 1_000_000),
    maxConnectionsPerIp: readInt(env, 'MAX_CONNECTIONS_PER_IP', 200, 1, 1_000_000),
    maxDocuments: readInt(env, 'MAX_DOCUMENTS', 10_000, 1, 10_000_000),
    maxAwarenessBytes: readInt(env, 'MAX_AWARENESS_BYTES', 64 * 1024, 256, 16 * MiB),
    maxBufferedBytes: readInt(env, 'MAX_BUFFERED_BYTES', 16 * MiB, 64 * 1024, 1024 * MiB),
    maxOutboundBytes: readInt(env, 'MAX_OUTBOUND_BYTES', 512 * MiB, MiB, 64 * 1024 * MiB),
    maxImportBytes: readInt(env, 'MAX_IMPORT_BYTES', 5 * MiB, 1024, 1024 * MiB),
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', MiB, 1024, 1024 * MiB),
    handshakeTimeoutMs: readDurationWithLegacyMs(env, 'HANDSHAKE_TIMEOUT', 'HANDSHAKE_TIMEOUT_MS', '10s', 500, 300_000, warnings),
    pingIntervalMs: readDurationWithLegacyMs(env, 'PING_INTERVAL', 'PING_INTERVAL_MS', '30s', 50, 3_600_000, warnings),
    tls: readTls(env),
  };
}
