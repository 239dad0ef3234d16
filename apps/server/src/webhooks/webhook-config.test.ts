import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/env-readers.js';
import { isPrivateAddress } from './ssrf.js';
import { parseWebhookConfig } from './webhook-config.js';

const SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;

describe('webhook configuration', () => {
  it('is off by default, with safe defaults', () => {
    expect(parseWebhookConfig({})).toEqual({
      url: null,
      secret: null,
      events: ['document.created', 'document.changed', 'document.deleted', 'document.restored', 'comment.created'],
      debounceMs: 5000,
      timeoutMs: 10_000,
      maxAttempts: 8,
      retryBaseMs: 2000,
      allowPrivate: false,
    });
  });

  it('names the variable that is wrong', () => {
    const bad = (env: Record<string, string>, name: string) => {
      try {
        parseWebhookConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).message).toContain(name);
        return;
      }
      throw new Error(`accepted ${JSON.stringify(env)}`);
    };
    bad({ WEBHOOK_URL: 'https://hooks.example.com/x' }, 'WEBHOOK_SECRET');
    bad({ WEBHOOK_URL: 'https://hooks.example.com/x', WEBHOOK_SECRET: 'short' }, 'WEBHOOK_SECRET');
    bad({ WEBHOOK_URL: 'file:///etc/passwd', WEBHOOK_SECRET: SECRET }, 'WEBHOOK_URL');
    bad({ WEBHOOK_URL: 'https://u:p@hooks.example.com/', WEBHOOK_SECRET: SECRET }, 'WEBHOOK_URL');
    bad({ WEBHOOK_EVENTS: 'document.created,document.exploded' }, 'WEBHOOK_EVENTS');
    bad({ WEBHOOK_DEBOUNCE: 'soon' }, 'WEBHOOK_DEBOUNCE');
    bad({ WEBHOOK_ALLOW_PRIVATE: 'yes' }, 'WEBHOOK_ALLOW_PRIVATE');
    expect(parseWebhookConfig({ WEBHOOK_URL: 'https://hooks.example.com/x', WEBHOOK_SECRET: SECRET, WEBHOOK_EVENTS: 'document.deleted' })).toMatchObject({
      url: 'https://hooks.example.com/x',
      events: ['document.deleted'],
    });
  });
});

describe('isPrivateAddress', () => {
  it('refuses loopback, private, link-local, metadata and mapped forms; allows public addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPrivateAddress(a), a).toBe(false);
  });
});
