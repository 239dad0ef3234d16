/** A receiver of webhooks that the admin configured (the env one, WEBHOOK_URL, is not stored). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  /** The signing secret (`whsec_` + base64), shown to the admin once when made. */
  secret: string;
  /** Event types sent to it. */
  events: string[];
  enabled: boolean;
  createdAt: number;
}

/** What creating an endpoint takes. */
export type NewWebhookEndpoint = Omit<WebhookEndpoint, 'id' | 'createdAt'>;

/** Where a delivery stands: waiting for its next attempt, received (2xx), or given up. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event sent (or being sent) to one endpoint: the delivery log's line. */
export interface WebhookDelivery {
  id: string;
  endpointId: string;
  /** The `webhook-id` header: the same on every attempt, so receivers can drop repeats. */
  eventId: string;
  type: string;
  docId: string | null;
  /** The signed JSON body. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  /** When the next attempt is due (ms since the epoch); null once delivered or failed. */
  nextAttemptAt: number | null;
  /** The last attempt's HTTP status, or null when it got none (refused, timed out). */
  lastStatus: number | null;
  lastError: string | null;
  /** The node that owns its retries (NODE_ID). */
  node: string;
  createdAt: number;
  updatedAt: number;
}

/** What adding a delivery takes. */
export type NewWebhookDelivery = Pick<WebhookDelivery, 'endpointId' | 'eventId' | 'type' | 'docId' | 'payload' | 'node' | 'nextAttemptAt'>;

/** What an attempt changes. */
export type DeliveryChange = Pick<WebhookDelivery, 'status' | 'attempts' | 'nextAttemptAt' | 'lastStatus' | 'lastError'>;

/**
 * Webhook endpoints and the delivery log, on SQLite (DATA_DIR/webhooks.db) or PostgreSQL (beside
 * the documents). Adapters run `describeWebhookStore` (`@tandem/accounts-store/conformance`).
 */
export interface WebhookStore {
  listEndpoints(): Promise<WebhookEndpoint[]>;
  createEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  /** The changed endpoint, or null when there is none with this id. */
  updateEndpoint(id: string, change: Partial<Pick<WebhookEndpoint, 'url' | 'events' | 'enabled' | 'secret'>>): Promise<WebhookEndpoint | null>;
  /** Removes an endpoint and its deliveries; true when it existed. */
  deleteEndpoint(id: string): Promise<boolean>;
  addDelivery(delivery: NewWebhookDelivery): Promise<WebhookDelivery>;
  updateDelivery(id: string, change: DeliveryChange): Promise<void>;
  delivery(id: string): Promise<WebhookDelivery | null>;
  /** The newest deliveries first (of one endpoint when named), at most `limit` (default 50). */
  listDeliveries(options?: { endpointId?: string; limit?: number }): Promise<WebhookDelivery[]>;
  /** Deliveries still pending on `node`, oldest first (resumed after a restart). */
  pendingDeliveries(node: string): Promise<WebhookDelivery[]>;
  /** Drops finished deliveries last changed before `before`; resolves with how many. */
  pruneDeliveries(before: number): Promise<number>;
  close(): Promise<void>;
}
