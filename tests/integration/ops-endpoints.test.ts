import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, synced, type TestClient, waitFor } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Reads one sample (`name` or `name{labels}`) from a Prometheus text body. */
const sample = (body: string, name: string): number => {
  const line = body.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample ${name}`);
  return Number(line.slice(name.length + 1));
};

describe('operations endpoints of a single node (no Redis, no PostgreSQL)', () => {
  let server: TestServer;
  let client: TestClient | null = null;
  afterEach(async () => {
    client?.destroy();
    await server.dispose();
  });

  it('serves Prometheus metrics that follow the traffic', async () => {
    server = await startTestServer({ NODE_ID: 'solo' });
    const before = await (await fetch(`${server.url}/metrics`)).text();
    expect(sample(before, 'tandem_connections')).toBe(0);
    client = connectClient(server.url, 'metered');
    await synced(client);
    client.text.insert(0, 'hello');
    await waitFor(() => server.sync.room('metered')?.doc.getText('t').toString() === 'hello', 'the edit to arrive');
    await server.sync.flush();
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await res.text();
    expect(body).toContain('tandem_node_info{node="solo"} 1');
    expect(sample(body, 'tandem_connections')).toBe(1);
    expect(sample(body, 'tandem_loaded_docs')).toBe(1);
    expect(sample(body, 'tandem_messages_received_total')).toBeGreaterThanOrEqual(2); // sync step 1 + update
    expect(sample(body, 'tandem_bytes_received_total')).toBeGreaterThan(5);
    expect(sample(body, 'tandem_messages_sent_total')).toBeGreaterThanOrEqual(2);
    expect(sample(body, 'tandem_store_append_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(body).toContain('# TYPE tandem_store_append_seconds histogram');
    expect(body).not.toContain('tandem_relay_peers'); // no cluster on a single node
  });

  it('tells liveness from readiness: not ready once the store stops answering', async () => {
    server = await startTestServer();
    expect((await fetch(`${server.url}/livez`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    await server.store.close();
    const notReady = await fetch(`${server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ status: 'unavailable', failed: { store: 'store is closed' } });
    expect((await fetch(`${server.url}/livez`)).status).toBe(200);
  });
});
