import { randomBytes, randomUUID } from 'node:crypto';
import type { WebhookDelivery, WebhookEndpoint, WebhookStore } from '@tandem/accounts-store';
import type { Logger } from '@tandem/sync';
import type { ServerEvent, ServerEvents } from '../events/server-events.js';
import { WEBHOOK_EVENTS, type WebhookConfig } from './webhook-config.js';
import { receiverProblem, sendWebhook } from './webhook-send.js';

/** The id of the receiver configured by WEBHOOK_URL (it is not stored; its deliveries are). */
export const ENV_ENDPOINT_ID = 'env';
/** The longest wait between two attempts. */
const MAX_BACKOFF_MS = 3_600_000;
/** A document edited without pause still gets a `document.changed` this often. */
const MAX_CHANGE_WAIT_FACTOR = 12;
/** Finished deliveries stay in the log this long. */
const LOG_RETENTION_MS = 30 * 86_400_000;

/** An endpoint as the admin API shows it (never its secret). */
export type PublicEndpoint = Omit<WebhookEndpoint, 'secret'> & { source: 'env' | 'api' };

/** What the webhooks need besides their configuration. */
export interface WebhooksOptions {
  config: WebhookConfig;
  store: WebhookStore;
  events: ServerEvents;
  logger: Logger;
  /** This node's id (NODE_ID): the pending deliveries it resumes after a restart. */
  node: string;
  /** The first retry's delay; each next one doubles (default 2 s). */
  retryBaseMs?: number;
}

/** Running webhooks: the admin API's handle on endpoints and the delivery log. */
export interface Webhooks {
  endpoints(): Promise<PublicEndpoint[]>;
  /** Why `url` cannot receive webhooks (no address, or private and not allowed), or null. */
  problemWith(url: string): Promise<string | null>;
  /** Adds an endpoint; resolves with it and its new secret (shown once). */
  addEndpoint(url: string, events: string[]): Promise<PublicEndpoint & { secret: string }>;
  updateEndpoint(id: string, change: { url?: string; events?: string[]; enabled?: boolean }): Promise<PublicEndpoint | null>;
  removeEndpoint(id: string): Promise<boolean>;
  deliveries(endpointId?: string, limit?: number): Promise<WebhookDelivery[]>;
  /** Sends a pending or failed delivery again now; false when there is none with this id. */
  retry(deliveryId: string): Promise<boolean>;
  /** Sends a `webhook.test` event to one endpoint now. */
  ping(endpointId: string): Promise<WebhookDelivery | null>;
  /** Resolves once nothing is being sent or stored (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** A new Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The JSON body of an event (Standard Webhooks' shape: type, timestamp, data). The client IP is never sent. */
export function webhookBody(event: { type: string; at: number; docId?: string; actor?: unknown; data?: Record<string, unknown> }): string {
  const actor = event.actor as { email?: unknown } | undefined;
  const { email: _email, ...shown } = actor ?? {}; // receivers get the actor as before accounts had emails in events
  const data: Record<string, unknown> = { ...(event.docId ? { docId: event.docId } : {}), ...(actor ? { actor: shown } : {}), ...event.data };
  return JSON.stringify({ type: event.type, timestamp: new Date(event.at).toISOString(), data });
}

/**
 * Sends the server's events to webhook receivers: `document.changed` once a document was quiet
 * for WEBHOOK_DEBOUNCE, the others as they happen. Every delivery is written to the log first,
 * then sent (signed, see webhook-send.ts), and retried with exponential backoff until a 2xx or
 * WEBHOOK_MAX_ATTEMPTS; pending ones survive a restart. Nothing here can throw into an emitter or
 * block a request: each step runs on its own and logs what fails.
 */
export async function createWebhooks(options: WebhooksOptions): Promise<Webhooks> {
  const { config, store, events, logger, node } = options;
  const retryBaseMs = options.retryBaseMs ?? 2000;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const inFlight = new Set<Promise<unknown>>();
  const changeTimers = new Map<string, { timer: ReturnType<typeof setTimeout>; first: number; last: ServerEvent }>();
  let stored: WebhookEndpoint[] = await store.listEndpoints();
  let closed = false;
  /** Aborts the attempts under way when the server stops (they stay pending, for after the restart). */
  const stopping = new AbortController();

  const envEndpoint: WebhookEndpoint | null =
    config.url && config.secret
      ? { id: ENV_ENDPOINT_ID, url: config.url, secret: config.secret, events: [...config.events], enabled: true, createdAt: 0 }
      : null;
  const all = () => (envEndpoint ? [envEndpoint, ...stored] : stored);
  const find = (id: string) => all().find((e) => e.id === id) ?? null;
  const shown = (e: WebhookEndpoint): PublicEndpoint => {
    const { secret: _secret, ...rest } = e;
    return { ...rest, source: e.id === ENV_ENDPOINT_ID ? 'env' : 'api' };
  };

  /** Runs `work` detached: tracked for `idle`, its failure logged. */
  const detach = (what: string, work: () => Promise<unknown>) => {
    const p = work().catch((err) => logger.error('webhook.failed', { step: what, error: String(err) }));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref?.();
    timers.add(timer);
  };

  const attempt = async (delivery: WebhookDelivery): Promise<void> => {
    if (closed) return;
    const endpoint = find(delivery.endpointId);
    if (!endpoint) return;
    const result = await sendWebhook({
      url: endpoint.url,
      secret: endpoint.secret,
      eventId: delivery.eventId,
      body: delivery.payload,
      timeoutMs: config.timeoutMs,
      allowPrivate: config.allowPrivate,
      signal: stopping.signal,
    });
    if (closed) return;
    const attempts = delivery.attempts + 1;
    const done = result.ok || attempts >= config.maxAttempts;
    const delay = Math.min(retryBaseMs * 2 ** (attempts - 1), MAX_BACKOFF_MS) * (0.9 + Math.random() * 0.2);
    const next = done ? null : Date.now() + delay;
    const status = result.ok ? 'delivered' : done ? 'failed' : 'pending';
    await store.updateDelivery(delivery.id, { status, attempts, nextAttemptAt: next, lastStatus: result.status, lastError: result.error });
    logger[result.ok ? 'debug' : 'warn']('webhook.attempt', { endpoint: endpoint.id, delivery: delivery.id, type: delivery.type, attempts, status: result.status ?? undefined, error: result.error ?? undefined });
    if (!done && !closed) later(delay, () => schedule({ ...delivery, attempts, status, nextAttemptAt: next }));
  };
  const schedule = (delivery: WebhookDelivery) => detach('attempt', () => attempt(delivery));

  const enqueue = (endpoint: WebhookEndpoint, type: string, body: string, docId: string | null) =>
    detach('store', async () => {
      const delivery = await store.addDelivery({ endpointId: endpoint.id, eventId: `msg_${randomUUID()}`, type, docId, payload: body, node, nextAttemptAt: Date.now() });
      if (!closed) schedule(delivery);
    });

  const deliver = (event: ServerEvent) => {
    const body = webhookBody(event);
    for (const endpoint of all()) {
      if (endpoint.enabled && endpoint.events.includes(event.type)) enqueue(endpoint, event.type, body, event.docId ?? null);
    }
  };

  const flushChange = (docId: string) => {
    const pending = changeTimers.get(docId);
    if (!pending) return;
    clearTimeout(pending.timer);
    changeTimers.delete(docId);
    deliver(pending.last);
  };
  const onChange = (event: ServerEvent) => {
    const docId = event.docId!;
    const pending = changeTimers.get(docId);
    const first = pending?.first ?? event.at;
    if (pending) clearTimeout(pending.timer);
    const wait = Math.max(0, Math.min(config.debounceMs, first + config.debounceMs * MAX_CHANGE_WAIT_FACTOR - Date.now()));
    const timer = setTimeout(() => flushChange(docId), wait);
    timer.unref?.();
    changeTimers.set(docId, { timer, first, last: event });
  };

  const off = events.on('*', (event) => {
    if (closed || !(WEBHOOK_EVENTS as readonly string[]).includes(event.type)) return;
    if (event.type === 'document.changed' && event.docId) onChange(event);
    else deliver(event);
  });

  for (const delivery of await store.pendingDeliveries(node)) later(Math.max(0, (delivery.nextAttemptAt ?? 0) - Date.now()), () => schedule(delivery));
  detach('prune', () => store.pruneDeliveries(Date.now() - LOG_RETENTION_MS));

  return {
    endpoints: async () => all().map(shown),
    problemWith: (url) => receiverProblem(url, config.allowPrivate),
    async addEndpoint(url, eventTypes) {
      const secret = newWebhookSecret();
      const endpoint = await store.createEndpoint({ url, secret, events: eventTypes, enabled: true });
      stored = await store.listEndpoints();
      return { ...shown(endpoint), secret };
    },
    async updateEndpoint(id, change) {
      if (id === ENV_ENDPOINT_ID) return null;
      const endpoint = await store.updateEndpoint(id, change);
      stored = await store.listEndpoints();
      return endpoint && shown(endpoint);
    },
    async removeEndpoint(id) {
      if (id === ENV_ENDPOINT_ID) return false;
      const removed = await store.deleteEndpoint(id);
      stored = await store.listEndpoints();
      return removed;
    },
    deliveries: (endpointId, limit) => store.listDeliveries({ ...(endpointId ? { endpointId } : {}), ...(limit ? { limit } : {}) }),
    async retry(id) {
      const delivery = await store.delivery(id);
      if (!delivery || delivery.status === 'delivered' || !find(delivery.endpointId)) return false;
      schedule({ ...delivery, attempts: delivery.status === 'failed' ? 0 : delivery.attempts });
      return true;
    },
    async ping(endpointId) {
      const endpoint = find(endpointId);
      if (!endpoint) return null;
      const body = webhookBody({ type: 'webhook.test', at: Date.now(), data: { message: 'A test delivery from Tandem.' } });
      const delivery = await store.addDelivery({ endpointId, eventId: `msg_${randomUUID()}`, type: 'webhook.test', docId: null, payload: body, node, nextAttemptAt: Date.now() });
      await attempt(delivery);
      return store.delivery(delivery.id);
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    async close() {
      off();
      // changes still waiting for their quiet time are logged as pending: sent after the restart
      for (const [docId, pending] of changeTimers) {
        clearTimeout(pending.timer);
        changeTimers.delete(docId);
        const body = webhookBody(pending.last);
        for (const endpoint of all()) {
          if (endpoint.enabled && endpoint.events.includes('document.changed')) {
            detach('store', () => store.addDelivery({ endpointId: endpoint.id, eventId: `msg_${randomUUID()}`, type: 'document.changed', docId, payload: body, node, nextAttemptAt: Date.now() }));
          }
        }
      }
      closed = true;
      stopping.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      await store.close();
    },
  };
}
