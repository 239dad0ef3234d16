import { join } from 'node:path';
import { createPostgresWebhookStore, createSqliteWebhookStore } from '@tandem/accounts-store';
import type { Logger } from '@tandem/sync';
import type { ServerConfig } from '../config/config.js';
import type { ServerEvents } from '../events/server-events.js';
import { createWebhooks, type Webhooks } from './webhooks.js';

/**
 * Starts the webhooks: the delivery log beside the documents (PostgreSQL with DATABASE_URL, else
 * DATA_DIR/webhooks.db). A single node resumes its pending deliveries after a restart; nodes of a
 * cluster each resume their own (under NODE_ID, so give each node a fixed one).
 */
export async function openWebhooks(config: ServerConfig, events: ServerEvents, logger: Logger): Promise<Webhooks> {
  const { databaseUrl, databaseSchema, dataDir } = config.storage;
  const { redisUrl, nodeId } = config.cluster;
  const store = databaseUrl
    ? await createPostgresWebhookStore({ connectionString: databaseUrl, ...(databaseSchema ? { schema: databaseSchema } : {}) })
    : createSqliteWebhookStore({ path: join(dataDir, 'webhooks.db') });
  return createWebhooks({
    config: config.webhooks,
    store,
    events,
    logger,
    node: redisUrl ? nodeId : 'single',
    retryBaseMs: config.webhooks.retryBaseMs,
  });
}
