import * as Y from 'yjs';
import { BenchClient, closeAll, openMany, sleep, until } from '../client.js';
import { LatencyBook, percentile } from '../latency.js';
import { paced } from '../pace.js';
import { fmt, heapOf, kib, type Metric, type Scenario } from '../scenario.js';
import { freshClientId, typingText, typingUpdates } from '../typing.js';
import { warmUpEditPath } from '../warm-up.js';

/** Sizes of S1, full and quick. */
const SIZE = {
  full: { warmDocs: 50, docs: 300, clients: 3, typeRate: 2, awarenessRate: 1, warmupMs: 2000, ms: 10_000, samples: 5 },
  quick: { warmDocs: 3, docs: 10, clients: 3, typeRate: 2, awarenessRate: 1, warmupMs: 500, ms: 1500, samples: 2 },
};

/**
 * S1 many small docs: N docs x 3 clients, one typist per doc at 2 updates/s, every client sending
 * awareness at 1/s. Memory per idle doc and per connection (heap after GC, once each server has
 * served and closed a few warm-up docs, so compiled code is not counted per doc), p99 propagation
 * latency, server CPU.
 */
export const s1ManyDocs: Scenario = {
  id: 'S1',
  title: 'many small docs',
  kinds: ['tandem', 'y-websocket', 'hocuspocus', 'relay'],
  async run(ctx): Promise<Metric[]> {
    const { server, wire, quick, log, fail } = ctx;
    const p = quick ? SIZE.quick : SIZE.full;
    const book = new LatencyBook();
    const total = Math.ceil(((p.warmupMs + p.ms) / 1000) * p.typeRate * 1.2) + 10;
    const typists = Array.from({ length: p.docs }, () => {
      const id = freshClientId();
      book.register(id, total);
      return { id, updates: typingUpdates(id, total), frames: [] as Uint8Array[] };
    });
    const docName = (d: number) => `s1-${d}`;
    typists.forEach((t, d) => (t.frames = t.updates.map((u) => wire.update(docName(d), u))));

    // Warm every server up alike first: the code it compiles while serving its first edits and
    // connections is a one-time cost, neither latency nor memory per document.
    await warmUpEditPath(ctx);
    await closeAll(await openMany(p.warmDocs, (d) => new BenchClient(wire, server.port, `s1-warm-${d}`)));
    await sleep(300);
    const m0 = await server.probe();
    const first = await openMany(p.docs, (d) => new BenchClient(wire, server.port, docName(d)));
    await sleep(300);
    const m1 = await server.probe();
    const samples: Y.Doc[] = [];
    const rest = await openMany(p.docs * (p.clients - 1), (i) => {
      const d = i % p.docs;
      const sample = i < p.samples ? new Y.Doc() : undefined;
      if (sample) samples[d] = sample;
      return new BenchClient(wire, server.port, docName(d), { onUpdate: book.receiver(), ...(sample ? { doc: sample } : {}) });
    });
    await sleep(300);
    const m2 = await server.probe();
    const clients = [...first, ...rest];
    const perConn = (heapOf(m2) - heapOf(m1)) / (p.docs * (p.clients - 1));
    const perDoc = (heapOf(m1) - heapOf(m0)) / p.docs - perConn;
    log(`${p.docs} docs x ${p.clients} clients open; ${kib(perDoc).toFixed(1)} KiB/doc, ${kib(perConn).toFixed(1)} KiB/connection`);

    const awarenessClock = new Uint32Array(clients.length);
    const names = clients.map(() => freshClientId());
    const typed = new Uint32Array(p.docs);
    const load = (ms: number) =>
      Promise.all([
        paced(p.docs * p.typeRate, ms, (n) => {
          const d = n % p.docs;
          const t = typists[d]!;
          const k = typed[d]!;
          if (k >= t.frames.length) return;
          typed[d] = k + 1;
          book.markSent(t.id, k);
          first[d]!.send(t.frames[k]!);
        }),
        paced(clients.length * p.awarenessRate, ms, (n) => {
          const i = n % clients.length;
          const clock = ++awarenessClock[i]!;
          const c = clients[i]!;
          c.send(wire.awareness(c.docName, names[i]!, clock, { user: { name: `user ${i}` }, cursor: { anchor: clock, head: clock } }));
        }),
      ]);
    await load(p.warmupMs);
    book.recording = true;
    book.reset();
    const c0 = await server.probe();
    const t0 = performance.now();
    await load(p.ms);
    const c1 = await server.probe();
    const cpu = (c1.cpuMicros - c0.cpuMicros) / 10 / (performance.now() - t0);
    book.recording = false;

    try {
      await until(() => samples.every((doc, d) => !doc || doc.getText('t').length === typed[d]), 15_000, 'sample clients to converge');
      samples.forEach((doc, d) => {
        const want = typingText(typed[d]!);
        if (doc && doc.getText('t').toString() !== want) fail(`S1 doc ${d}: sample client text differs from what was typed`);
      });
    } catch (err) {
      fail(`S1: ${(err as Error).message}`);
    }
    const p99 = percentile(book.samples, 99);
    log(`p50 ${fmt(percentile(book.samples, 50))} ms, p99 ${fmt(p99)} ms over ${book.samples.length} deliveries; server CPU ${cpu.toFixed(0)}%, event-loop delay p99 ${fmt(c1.loopDelayP99)} ms`);
    await closeAll(clients);
    for (const d of samples) d?.destroy();
    return [
      { key: 's1.memPerDoc', label: 'S1 memory per idle doc', unit: 'KiB', value: kib(perDoc), better: 'lower' },
      { key: 's1.memPerConn', label: 'S1 memory per connection', unit: 'KiB', value: kib(perConn), better: 'lower' },
      { key: 's1.p50', label: 'S1 propagation p50', unit: 'ms', value: percentile(book.samples, 50), better: 'lower' },
      { key: 's1.p99', label: 'S1 propagation p99', unit: 'ms', value: p99, better: 'lower' },
      { key: 's1.cpu', label: 'S1 server CPU', unit: '% of a core', value: cpu, better: 'lower' },
      { key: 's1.loopDelay', label: 'S1 server event-loop delay p99', unit: 'ms', value: c1.loopDelayP99, better: 'lower' },
    ];
  },
};
