import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

const fails = (env: Record<string, string>) => {
  try {
    parseConfig(env);
  } catch (err) {
    return err instanceof ConfigError ? err.variable : String(err);
  }
  return null;
};

describe('security configuration', () => {
  it('has safe defaults: open with a warning, own origin only, limits on', () => {
    const { security } = parseConfig({});
    expect(security).toMatchObject({ tokens: { secret: null, jwksUrl: null, publicKey: null, maxTtlSeconds: 86_400 }, adminToken: null, allowedOrigins: [], trustProxy: [], tls: null });
    expect(security.maxFrameBytes).toBe(1 << 20);
    expect(security.maxConnectionsPerIp).toBeLessThan(security.maxConnections);
  });

  it('reads every variable', () => {
    const { security } = parseConfig({
      AUTH_SECRET: 'x'.repeat(32),
      ADMIN_TOKEN: 'y'.repeat(16),
      ALLOWED_ORIGINS: 'https://a.example.com, http://localhost:5173',
      TRUST_PROXY: '10.0.0.1,::1',
      MAX_FRAME_BYTES: '2048',
      PING_INTERVAL: '1s',
      HANDSHAKE_TIMEOUT: '2500ms',
    });
    expect(security).toMatchObject({
      tokens: { secret: 'x'.repeat(32) },
      adminToken: 'y'.repeat(16),
      allowedOrigins: ['https://a.example.com', 'http://localhost:5173'],
      trustProxy: ['10.0.0.1', '::1'],
      maxFrameBytes: 2048,
      pingIntervalMs: 1000,
      handshakeTimeoutMs: 2500,
    });
    expect(parseConfig({ ALLOWED_ORIGINS: '*' }).security.allowedOrigins).toBe('*');
  });

  it('stops start-up naming the variable when a value is not allowed', () => {
    expect(fails({ AUTH_SECRET: 'short' })).toBe('AUTH_SECRET');
    expect(fails({ ADMIN_TOKEN: 'short' })).toBe('ADMIN_TOKEN');
    expect(fails({ ALLOWED_ORIGINS: 'https://a.example.com/path' })).toBe('ALLOWED_ORIGINS');
    expect(fails({ ALLOWED_ORIGINS: 'a.example.com' })).toBe('ALLOWED_ORIGINS');
    expect(fails({ TRUST_PROXY: 'proxy.local' })).toBe('TRUST_PROXY');
    expect(fails({ MAX_FRAME_BYTES: '10' })).toBe('MAX_FRAME_BYTES');
    expect(fails({ MAX_MESSAGES_PER_SECOND: '0' })).toBe('MAX_MESSAGES_PER_SECOND');
    expect(fails({ MAX_CONNECTIONS_PER_IP: 'many' })).toBe('MAX_CONNECTIONS_PER_IP');
    expect(fails({ TLS_CERT: '/nonexistent.pem' })).toBe('TLS_KEY');
    expect(fails({ TLS_CERT: '/nonexistent.pem', TLS_KEY: '/nonexistent.key' })).toBe('TLS_CERT');
    expect(fails({ PING_INTERVAL: '10ms' })).toBe('PING_INTERVAL');
    expect(fails({ PING_INTERVAL: '30000' })).toBe('PING_INTERVAL'); // a duration needs its unit
    expect(fails({ HANDSHAKE_TIMEOUT: '6m' })).toBe('HANDSHAKE_TIMEOUT');
  });

  it('still reads the old millisecond names, with a deprecation warning naming the new form', () => {
    const config = parseConfig({ PING_INTERVAL_MS: '1500', HANDSHAKE_TIMEOUT_MS: '20000' });
    expect(config.security).toMatchObject({ pingIntervalMs: 1500, handshakeTimeoutMs: 20_000 });
    expect(config.warnings).toEqual([
      'HANDSHAKE_TIMEOUT_MS is deprecated: use HANDSHAKE_TIMEOUT=20s (a duration like 500ms, 30s or 5m)',
      'PING_INTERVAL_MS is deprecated: use PING_INTERVAL=1500ms (a duration like 500ms, 30s or 5m)',
    ]);
    expect(parseConfig({ PING_INTERVAL: '30s' }).warnings).toEqual([]);
    expect(fails({ PING_INTERVAL_MS: '10' })).toBe('PING_INTERVAL_MS'); // same bounds as the new name
    expect(fails({ PING_INTERVAL_MS: '1000', PING_INTERVAL: '1s' })).toBe('PING_INTERVAL_MS');
  });
});
