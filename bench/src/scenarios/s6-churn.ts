import * as Y from 'yjs';
import { BenchClient, closeAll, openMany, sleep, withTimeout } from '../client.js';
import { median, percentile } from '../latency.js';
import { fmt, heapOf, kib, type Metric, type Scenario } from '../scenario.js';
import { freshClientId, typingText, typingUpdates } from '../typing.js';

/** Sizes of S6, full and quick. */
const SIZE = {
  full: { docs: 500, rounds: 4, reconnectors: 1000, reconnectDocs: 100, windowMs: 5000, samples: 5 },
  quick: { docs: 20, rounds: 2, reconnectors: 20, reconnectDocs: 5, windowMs: 500, samples: 2 },
};

/**
 * S6 churn: open, edit and close every doc, round after round; the server's heap after a full GC
 * must come back to where it was after the first round. Then many clients reconnect within a few
 * seconds and must all re-sync.
 */
export const s6Churn: Scenario = {
  id: 'S6',
  title: 'churn',
  once: true,
  kinds: ['tandem', 'y-websocket', 'hocuspocus'],
  async run({ server, wire, quick, log, fail }): Promise<Metric[]> {
    const p = quick ? SIZE.quick : SIZE.full;
    const docName = (d: number) => `s6-${d}`;
    const editors = Array.from({ length: p.docs }, (_, d) => {
      const id = freshClientId();
      return typingUpdates(id, p.rounds).map((u) => wire.update(docName(d), u));
    });
    const start = heapOf(await server.probe());
    const heaps: number[] = [];
    for (let round = 0; round < p.rounds; round++) {
      const t0 = performance.now();
      await openMany(
        p.docs,
        (d) => {
          const c = new BenchClient(wire, server.port, docName(d));
          void c.synced.then(async () => {
            c.send(editors[d]![round]!);
            await c.close();
          });
          return c;
        },
        50,
      );
      await sleep(quick ? 600 : 1500); // let the last closes land and idle docs unload
      const heap = heapOf(await server.probe());
      heaps.push(heap);
      log(`churn round ${round + 1}/${p.rounds}: ${p.docs} docs opened, edited, closed in ${((performance.now() - t0) / 1000).toFixed(1)} s; heap ${(heap / 1048576).toFixed(1)} MiB`);
    }
    const base = heaps[0]!;
    const growth = ((heaps[heaps.length - 1]! - base) / base) * 100;

    const samples: { doc: Y.Doc; d: number }[] = [];
    const t0 = performance.now();
    const clients: BenchClient[] = [];
    for (let i = 0; i < p.reconnectors; i++) {
      const due = t0 + (i * p.windowMs) / p.reconnectors;
      while (performance.now() < due) await sleep(1);
      const d = i % p.reconnectDocs;
      const sample = i < p.samples ? new Y.Doc() : undefined;
      if (sample) samples.push({ doc: sample, d });
      clients.push(new BenchClient(wire, server.port, docName(d), sample ? { doc: sample } : {}));
    }
    try {
      await withTimeout(Promise.all(clients.map((c) => c.synced)), 60_000, 'every reconnecting client to re-sync');
    } catch (err) {
      fail(`S6: ${(err as Error).message}`);
    }
    const synced = clients.filter((c) => c.syncedAt > 0);
    const all = Math.max(...synced.map((c) => c.syncedAt)) - t0;
    const each = synced.map((c) => c.syncedAt - c.startedAt);
    if (synced.length < clients.length) fail(`S6: only ${synced.length} of ${clients.length} reconnecting clients re-synced`);
    // Only a durable server still holds what the churn rounds typed once every client had left.
    if (server.kind === 'tandem') {
      for (const s of samples) if (s.doc.getText('t').toString() !== typingText(p.rounds)) fail(`S6: doc ${s.d} lost edits across churn`);
    }
    log(`heap growth ${growth.toFixed(1)}% (round 1 ${kib(base / 1024).toFixed(1)} MiB -> ${kib(heaps[heaps.length - 1]! / 1024).toFixed(1)} MiB; before churn ${kib(start / 1024).toFixed(1)} MiB); ${synced.length}/${clients.length} re-synced, last after ${all.toFixed(0)} ms, each ${fmt(median(each))} ms median`);
    await closeAll(clients);
    for (const s of samples) s.doc.destroy();
    return [
      { key: 's6.growth', label: 'S6 heap growth after churn rounds (vs round 1)', unit: '%', value: growth, better: 'lower' },
      { key: 's6.resyncAll', label: `S6 ${p.reconnectors} reconnects in ${p.windowMs / 1000} s: all re-synced after`, unit: 'ms', value: all, better: 'lower' },
      { key: 's6.resyncP99', label: 'S6 re-sync time per client (p99)', unit: 'ms', value: percentile(each, 99), better: 'lower' },
    ];
  },
};
