import type { DeliveryStatus, WebhookDelivery, WebhookEndpoint } from './webhook-types.js';

/** The webhook tables, one migration per entry (SQLite and PostgreSQL read the same SQL). */
export const WEBHOOK_MIGRATIONS = [
  `CREATE TABLE tandem_webhook_endpoints (
     id TEXT PRIMARY KEY, url TEXT NOT NULL, secret TEXT NOT NULL, events TEXT NOT NULL,
     enabled INTEGER NOT NULL, created_at BIGINT NOT NULL);
   CREATE TABLE tandem_webhook_deliveries (
     id TEXT PRIMARY KEY, endpoint_id TEXT NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL,
     doc_id TEXT, payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
     next_attempt_at BIGINT, last_status INTEGER, last_error TEXT, node TEXT NOT NULL,
     created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
   CREATE INDEX tandem_webhook_deliveries_endpoint ON tandem_webhook_deliveries (endpoint_id, created_at);
   CREATE INDEX tandem_webhook_deliveries_pending ON tandem_webhook_deliveries (status, node);`,
];

export interface EndpointRow {
  id: string;
  url: string;
  secret: string;
  events: string;
  enabled: number | boolean;
  created_at: number | string;
}

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  type: string;
  doc_id: string | null;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: number | string | null;
  last_status: number | null;
  last_error: string | null;
  node: string;
  created_at: number | string;
  updated_at: number | string;
}

export const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  secret: r.secret,
  events: JSON.parse(r.events) as string[],
  enabled: Boolean(r.enabled),
  createdAt: Number(r.created_at),
});

export const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  endpointId: r.endpoint_id,
  eventId: r.event_id,
  type: r.type,
  docId: r.doc_id,
  payload: r.payload,
  status: r.status as DeliveryStatus,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at === null ? null : Number(r.next_attempt_at),
  lastStatus: r.last_status,
  lastError: r.last_error,
  node: r.node,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
