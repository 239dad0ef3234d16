import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, synced, type TestClient, waitFor } from '../helpers/clients.js';
import { createRandom, testSeed } from '../helpers/random.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CLIENTS = 6;
const STEPS = 600;
const MARKS = [{ bold: true }, { italic: true }, { bold: null }, { link: 'https://example.com' }];

describe('convergence under random edits, drops and reconnects', () => {
  const seed = testSeed();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  it(`all clients end identical (seed ${seed})`, async () => {
    const rnd = createRandom(seed);
    const clients: TestClient[] = Array.from({ length: CLIENTS }, () => connectClient(server.url, 'converge'));
    await Promise.all(clients.map(synced));
    try {
      for (let step = 0; step < STEPS; step++) {
        const c = rnd.pick(clients);
        const t = c.text;
        const roll = rnd.next();
        if (roll < 0.45) {
          const attrs = rnd.next() < 0.3 ? rnd.pick(MARKS) : undefined;
          t.insert(rnd.int(t.length + 1), rnd.word() + ' ', attrs);
        } else if (roll < 0.7 && t.length > 0) {
          const at = rnd.int(t.length);
          t.delete(at, 1 + rnd.int(Math.min(10, t.length - at)));
        } else if (roll < 0.85 && t.length > 0) {
          const at = rnd.int(t.length);
          t.format(at, 1 + rnd.int(Math.min(12, t.length - at)), rnd.pick(MARKS));
        } else if (roll < 0.93) {
          if (c.provider.wsconnected || c.provider.wsconnecting) c.provider.disconnect();
          else c.provider.connect();
        } else {
          await new Promise((r) => setTimeout(r, rnd.int(15)));
        }
        if (step % 25 === 0) await new Promise((r) => setImmediate(r));
      }
      for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
      const same = () => {
        const first = JSON.stringify(clients[0]!.text.toDelta());
        const sv = Buffer.from(Y.encodeStateVector(clients[0]!.doc)).toString('hex');
        return clients.every(
          (c) => JSON.stringify(c.text.toDelta()) === first && Buffer.from(Y.encodeStateVector(c.doc)).toString('hex') === sv,
        );
      };
      await waitFor(() => clients.every((c) => c.provider.synced) && same(), `convergence (seed ${seed})`, 20_000);
      expect(same(), `seed ${seed}`).toBe(true);
      expect(clients[0]!.text.length).toBeGreaterThan(0);

      // and a newcomer loads exactly the same document from the server
      const late = connectClient(server.url, 'converge');
      await synced(late);
      expect(JSON.stringify(late.text.toDelta()), `seed ${seed}`).toBe(JSON.stringify(clients[0]!.text.toDelta()));
      late.destroy();
    } finally {
      for (const c of clients) c.destroy();
    }
  });
});
