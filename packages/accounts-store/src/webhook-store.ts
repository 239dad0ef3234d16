import { randomUUID } from 'node:crypto';
import { type DeliveryRow, type EndpointRow, toDelivery, toEndpoint, WEBHOOK_MIGRATIONS } from './webhook-rows.js';
import type { WebhookStore } from './webhook-types.js';
import { postgresPort, type SqlPort, sqlitePort } from './sql-port.js';

/** The store over a SqlPort: the same statements on SQLite and PostgreSQL. */
function webhookStoreOn(db: SqlPort, now: () => number): WebhookStore {
  const endpoint = async (id: string) => (await db.all<EndpointRow>('SELECT * FROM tandem_webhook_endpoints WHERE id = ?', [id])).map(toEndpoint)[0] ?? null;
  const delivery = async (id: string) => (await db.all<DeliveryRow>('SELECT * FROM tandem_webhook_deliveries WHERE id = ?', [id])).map(toDelivery)[0] ?? null;
  return {
    async listEndpoints() {
      return (await db.all<EndpointRow>('SELECT * FROM tandem_webhook_endpoints ORDER BY created_at, id', [])).map(toEndpoint);
    },
    async createEndpoint(e) {
      const id = randomUUID();
      await db.run('INSERT INTO tandem_webhook_endpoints (id, url, secret, events, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        id,
        e.url,
        e.secret,
        JSON.stringify(e.events),
        e.enabled ? 1 : 0,
        now(),
      ]);
      return (await endpoint(id))!;
    },
    async updateEndpoint(id, change) {
      const fields: [string, unknown][] = [];
      if (change.url !== undefined) fields.push(['url', change.url]);
      if (change.secret !== undefined) fields.push(['secret', change.secret]);
      if (change.events !== undefined) fields.push(['events', JSON.stringify(change.events)]);
      if (change.enabled !== undefined) fields.push(['enabled', change.enabled ? 1 : 0]);
      const sets = fields.map(([name]) => `${name} = ?`);
      const params = fields.map(([, value]) => value);
      if (sets.length) await db.run(`UPDATE tandem_webhook_endpoints SET ${sets.join(', ')} WHERE id = ?`, [...params, id]);
      return endpoint(id);
    },
    async deleteEndpoint(id) {
      await db.run('DELETE FROM tandem_webhook_deliveries WHERE endpoint_id = ?', [id]);
      return (await db.run('DELETE FROM tandem_webhook_endpoints WHERE id = ?', [id])) > 0;
    },
    async addDelivery(d) {
      const id = randomUUID();
      const t = now();
      await db.run(
        `INSERT INTO tandem_webhook_deliveries (id, endpoint_id, event_id, type, doc_id, payload, status, attempts, next_attempt_at,
           last_status, last_error, node, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, NULL, ?, ?, ?)`,
        [id, d.endpointId, d.eventId, d.type, d.docId, d.payload, d.nextAttemptAt, d.node, t, t],
      );
      return (await delivery(id))!;
    },
    async updateDelivery(id, c) {
      await db.run(
        'UPDATE tandem_webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?, updated_at = ? WHERE id = ?',
        [c.status, c.attempts, c.nextAttemptAt, c.lastStatus, c.lastError, now(), id],
      );
    },
    delivery,
    async listDeliveries(options = {}) {
      const limit = Math.max(1, Math.min(options.limit ?? 50, 500));
      const rows = options.endpointId
        ? await db.all<DeliveryRow>('SELECT * FROM tandem_webhook_deliveries WHERE endpoint_id = ? ORDER BY created_at DESC, id DESC LIMIT ?', [options.endpointId, limit])
        : await db.all<DeliveryRow>('SELECT * FROM tandem_webhook_deliveries ORDER BY created_at DESC, id DESC LIMIT ?', [limit]);
      return rows.map(toDelivery);
    },
    async pendingDeliveries(node) {
      const rows = await db.all<DeliveryRow>("SELECT * FROM tandem_webhook_deliveries WHERE status = 'pending' AND node = ? ORDER BY created_at, id", [node]);
      return rows.map(toDelivery);
    },
    async pruneDeliveries(before) {
      return db.run("DELETE FROM tandem_webhook_deliveries WHERE status <> 'pending' AND updated_at < ?", [before]);
    },
    close: () => db.close(),
  };
}

/** The webhook store in its own SQLite file (DATA_DIR/webhooks.db by default), or `:memory:`. */
export function createSqliteWebhookStore(options: { path: string; now?: () => number }): WebhookStore {
  return webhookStoreOn(sqlitePort(options.path, WEBHOOK_MIGRATIONS), options.now ?? Date.now);
}

/** Arbitrary constant naming the advisory lock held while migrating the webhook tables. */
const MIGRATION_LOCK = 0x74776862;

/** The webhook store of a cluster: tables beside the documents' in the shared PostgreSQL database. */
export async function createPostgresWebhookStore(options: { connectionString: string; schema?: string; now?: () => number }): Promise<WebhookStore> {
  const port = await postgresPort({
    connectionString: options.connectionString,
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    lock: MIGRATION_LOCK,
    table: 'tandem_webhooks_migrations',
    migrations: WEBHOOK_MIGRATIONS,
  });
  return webhookStoreOn(port, options.now ?? Date.now);
}
