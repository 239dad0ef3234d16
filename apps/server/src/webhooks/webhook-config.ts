import { ConfigError, type Env, readDuration, readEnum, readInt, readString } from '../config/env-readers.js';

/** The events a webhook can receive. */
export const WEBHOOK_EVENTS = ['document.created', 'document.changed', 'document.deleted', 'document.restored', 'comment.created'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Webhook settings from the environment (see README's configuration table). */
export interface WebhookConfig {
  /** `WEBHOOK_URL`: one receiver configured by env (more through the admin API); null: none. */
  url: string | null;
  /** `WEBHOOK_SECRET`: its signing secret, `whsec_` + base64 of 24-64 random bytes (required with the URL). */
  secret: string | null;
  /** `WEBHOOK_EVENTS`: what the env receiver gets (comma-separated; default all). */
  events: WebhookEvent[];
  /** `WEBHOOK_DEBOUNCE`: quiet time after a document's last change before `document.changed` is sent (default 5s). */
  debounceMs: number;
  /** `WEBHOOK_TIMEOUT`: how long one attempt may take (default 10s). */
  timeoutMs: number;
  /** `WEBHOOK_MAX_ATTEMPTS`: attempts before a delivery is marked failed (default 8: about 4 minutes of backoff). */
  maxAttempts: number;
  /** `WEBHOOK_RETRY_BASE`: the first retry's delay, doubled for each next one up to 1 h (default 2s). */
  retryBaseMs: number;
  /** `WEBHOOK_ALLOW_PRIVATE`: allow receivers on loopback and private networks (default false: refused). */
  allowPrivate: boolean;
}

/** A Standard Webhooks secret: `whsec_` and the base64 of 24 to 64 bytes. */
export function isWebhookSecret(secret: string): boolean {
  const m = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  if (!m) return false;
  const bytes = Buffer.from(m[1]!, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/** A receiver URL: http(s), no credentials in it. Returns the reason when it is not one. */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not hold credentials (put them in the receiver, and verify the signature)';
  return null;
}

/** Reads the webhook settings; throws ConfigError naming the first bad variable. */
export function parseWebhookConfig(env: Env): WebhookConfig {
  const url = readString(env, 'WEBHOOK_URL', '') || null;
  if (url) {
    const problem = webhookUrlProblem(url);
    if (problem) throw new ConfigError('WEBHOOK_URL', `${problem}, got ${JSON.stringify(url)}`);
  }
  const secret = readString(env, 'WEBHOOK_SECRET', '') || null;
  if (url && !secret) throw new ConfigError('WEBHOOK_SECRET', 'is required with WEBHOOK_URL (make one: echo "whsec_$(openssl rand -base64 32)")');
  if (secret && !isWebhookSecret(secret)) throw new ConfigError('WEBHOOK_SECRET', 'must be "whsec_" and the base64 of 24-64 random bytes (echo "whsec_$(openssl rand -base64 32)")');
  const rawEvents = readString(env, 'WEBHOOK_EVENTS', WEBHOOK_EVENTS.join(','));
  const events = rawEvents.split(',').map((e) => e.trim()).filter(Boolean);
  const unknown = events.find((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (unknown || events.length === 0) throw new ConfigError('WEBHOOK_EVENTS', `must be a comma-separated list of ${WEBHOOK_EVENTS.join(', ')}${unknown ? `, got ${JSON.stringify(unknown)}` : ''}`);
  return {
    url,
    secret,
    events: events as WebhookEvent[],
    debounceMs: readDuration(env, 'WEBHOOK_DEBOUNCE', '5s'),
    timeoutMs: readDuration(env, 'WEBHOOK_TIMEOUT', '10s'),
    maxAttempts: readInt(env, 'WEBHOOK_MAX_ATTEMPTS', 8, 1, 30),
    retryBaseMs: readDuration(env, 'WEBHOOK_RETRY_BASE', '2s'),
    allowPrivate: readEnum(env, 'WEBHOOK_ALLOW_PRIVATE', ['true', 'false'], 'false') === 'true',
  };
}
