import { describe, expect, it } from 'vitest';
import { testSchemas } from './testing/pg-schemas.js';
import { createPostgresWebhookStore, createSqliteWebhookStore } from './webhook-store.js';
import type { WebhookStore } from './webhook-types.js';

const url = process.env.DATABASE_URL;
const schemas = testSchemas(url);

function describeWebhookStore(name: string, create: (now: () => number) => Promise<WebhookStore>) {
  describe(`webhook store: ${name}`, () => {
    it('keeps endpoints and a delivery log, newest first, with pending ones per node', async () => {
      let t = 1000;
      const store = await create(() => t++);
      try {
        const a = await store.createEndpoint({ url: 'https://hooks.example.com/a', secret: 'whsec_x', events: ['document.created'], enabled: true });
        expect(a).toMatchObject({ url: 'https://hooks.example.com/a', events: ['document.created'], enabled: true });
        expect(await store.updateEndpoint(a.id, { enabled: false, events: ['document.deleted', 'document.created'] })).toMatchObject({ enabled: false, events: ['document.deleted', 'document.created'] });
        expect(await store.updateEndpoint('nope', { enabled: true })).toBeNull();
        const d1 = await store.addDelivery({ endpointId: a.id, eventId: 'evt_1', type: 'document.created', docId: 'd', payload: '{}', node: 'n1', nextAttemptAt: 5 });
        await store.addDelivery({ endpointId: a.id, eventId: 'evt_2', type: 'document.deleted', docId: null, payload: '{"a":1}', node: 'n2', nextAttemptAt: 6 });
        expect(d1).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: 5, lastStatus: null });
        await store.updateDelivery(d1.id, { status: 'delivered', attempts: 2, nextAttemptAt: null, lastStatus: 204, lastError: null });
        expect(await store.delivery(d1.id)).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 204, nextAttemptAt: null });
        expect((await store.listDeliveries({ endpointId: a.id })).map((d) => d.eventId)).toEqual(['evt_2', 'evt_1']);
        expect((await store.pendingDeliveries('n2')).map((d) => d.eventId)).toEqual(['evt_2']);
        expect(await store.pendingDeliveries('n1')).toEqual([]);
        expect(await store.pruneDeliveries(t + 1)).toBe(1); // only the finished one
        expect(await store.deleteEndpoint(a.id)).toBe(true);
        expect(await store.listDeliveries()).toEqual([]);
        expect(await store.listEndpoints()).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}

describeWebhookStore('sqlite', async (now) => createSqliteWebhookStore({ path: ':memory:', now }));
(url ? describeWebhookStore : describe.skip)('postgres', async (now: () => number) => {
  const schema = schemas.next('tandem_wh_test_');
  return createPostgresWebhookStore({ connectionString: url!, schema, now });
});
