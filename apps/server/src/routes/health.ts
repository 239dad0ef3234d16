import { Hono } from 'hono';
import type { DocStore } from '@tandem/store';
import type { SyncServer } from '@tandem/sync';

/** `GET /healthz`: 200 with live counts when the server and its store answer, 503 otherwise. */
export function healthRoutes(store: DocStore, sync: SyncServer): Hono {
  return new Hono().get('/healthz', async (c) => {
    try {
      await store.ping();
      return c.json({ status: 'ok', ...sync.stats() });
    } catch (err) {
      return c.json({ status: 'unavailable', error: String(err) }, 503);
    }
  });
}
