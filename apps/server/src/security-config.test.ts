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
      PING_INTERVAL_MS: '1000',
    });
    expect(security).toMatchObject({
      tokens: { secret: 'x'.repeat(32) },
      adminToken: 'y'.repeat(16),
      allowedOrigins: ['https://a.example.com', 'http://localhost:5173'],
      trustProxy: ['10.0.0.1', '::1'],
      maxFrameBytes: 2048,
      pingIntervalMs: 1000,
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
  });
});
