import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type ServerProcess, spawnTestServer } from '../helpers/server.js';
import { connectClient, synced, waitFor } from '../helpers/clients.js';
import { createRandom, testSeed } from '../helpers/random.js';

/** True when `seen` holds nothing that `recovered` lacks (no insert, no delete). */
function contains(recovered: Y.Doc, seen: Y.Doc): boolean {
  const merged = new Y.Doc();
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(recovered));
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(seen));
  const sv = (d: Y.Doc) => Buffer.from(Y.encodeStateVector(d)).toString('hex');
  return merged.getText('t').toString() === recovered.getText('t').toString() && sv(merged) === sv(recovered);
}

describe('durability: SIGKILL never loses an edit a peer has seen', () => {
  const seed = testSeed();
  const rnd = createRandom(seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  for (let round = 0; round < 4; round++) {
    it(`kill point ${round + 1} (seed ${seed})`, async () => {
      const docId = `kill-${round}`;
      // the writer types far faster than a person: lift the per-connection rate limit
      const env = { DATA_DIR: dataDir, MAX_MESSAGES_PER_SECOND: '1000000', MAX_BYTES_PER_SECOND: '1073741824' };
      let server: ServerProcess = await spawnTestServer(env);
      const writer = connectClient(server.url, docId);
      const peer = connectClient(server.url, docId);
      await Promise.all([synced(writer), synced(peer)]);

      // The writer edits without pause; the server is killed once the peer has seen a random
      // number of edits, in the middle of the stream.
      const killAfter = 20 + rnd.int(200);
      let typing = true;
      const typer = (async () => {
        while (typing) {
          const t = writer.text;
          if (t.length > 10 && rnd.next() < 0.3) t.delete(rnd.int(t.length - 5), 1 + rnd.int(4));
          else t.insert(rnd.int(t.length + 1), rnd.word() + ' ');
          await new Promise((r) => setImmediate(r));
        }
      })();
      // How much of the writer's work the peer holds: the writer's clock in the peer's state vector
      // (one per inserted character). The server may relay several edits as one merged frame, so
      // counting the peer's update events would undercount.
      const seenOfWriter = () => Y.decodeStateVector(Y.encodeStateVector(peer.doc)).get(writer.doc.clientID) ?? 0;
      const target = killAfter * 5;
      await waitFor(() => seenOfWriter() >= target, `peer to hold ${target} of the writer's characters`, 20_000);
      await server.stop('SIGKILL');
      typing = false;
      await typer;
      // Freeze both clients before the restart, so nothing they hold can be re-sent.
      writer.provider.destroy();
      peer.provider.destroy();
      const seen = peer.doc;
      expect(seen.getText('t').length).toBeGreaterThan(0);

      server = await spawnTestServer(env);
      try {
        const fresh = connectClient(server.url, docId);
        await synced(fresh);
        expect(contains(fresh.doc, seen), `seed ${seed}: recovered document lacks edits the peer saw`).toBe(true);
        fresh.destroy();
      } finally {
        await server.stop();
      }
    });
  }
});
