import * as Y from 'yjs';
import { BenchClient, closeAll, openMany, sleep, until } from '../client.js';
import { LatencyBook, percentile } from '../latency.js';
import { paced } from '../pace.js';
import { fmt, type Metric, type Scenario } from '../scenario.js';
import { freshClientId, typingUpdates } from '../typing.js';
import { warmUpEditPath } from '../warm-up.js';

/** Sizes of S3, full and quick. */
const SIZE = {
  full: { clients: 50, typists: 10, typeRate: 5, cursorRate: 2, warmupMs: 1000, ms: 10_000 },
  quick: { clients: 8, typists: 2, typeRate: 5, cursorRate: 2, warmupMs: 300, ms: 1000 },
};

/**
 * S3 hot document: one doc, many clients, some typing at 5/s, every cursor moving at 2/s.
 * Outbound bytes (all the server sent) against inbound (all clients sent), p99 of edits.
 */
export const s3HotDoc: Scenario = {
  id: 'S3',
  title: 'hot document',
  kinds: ['tandem', 'y-websocket', 'hocuspocus', 'relay'],
  async run(ctx): Promise<Metric[]> {
    const { server, wire, quick, log, fail } = ctx;
    const p = quick ? SIZE.quick : SIZE.full;
    await warmUpEditPath(ctx); // the code a server compiles on its first edits is not latency (see warmUpEditPath)
    const doc = 's3-hot';
    const book = new LatencyBook();
    const per = Math.ceil(((p.warmupMs + p.ms) / 1000) * p.typeRate * 1.3) + 10;
    const typists = Array.from({ length: p.typists }, () => {
      const id = freshClientId();
      book.register(id, per);
      return { id, frames: typingUpdates(id, per).map((u) => wire.update(doc, u)) };
    });
    const samples = [new Y.Doc(), new Y.Doc()];
    const clients = await openMany(p.clients, (i) => {
      const sample = i >= p.clients - samples.length ? samples[p.clients - 1 - i] : undefined;
      return new BenchClient(wire, server.port, doc, i < p.typists ? {} : { onUpdate: book.receiver(), ...(sample ? { doc: sample } : {}) });
    });
    await sleep(300);
    const names = clients.map(() => freshClientId());
    const clocks = new Uint32Array(p.clients);
    const typed = new Uint32Array(p.typists);
    const load = (ms: number) =>
      Promise.all([
        paced(p.typists * p.typeRate, ms, (n) => {
          const i = n % p.typists;
          const k = typed[i]!;
          const t = typists[i]!;
          if (k >= t.frames.length) return;
          typed[i] = k + 1;
          book.markSent(t.id, k);
          clients[i]!.send(t.frames[k]!);
        }),
        paced(p.clients * p.cursorRate, ms, (n) => {
          const i = n % p.clients;
          const clock = ++clocks[i]!;
          clients[i]!.send(wire.awareness(doc, names[i]!, clock, { user: { name: `user ${i}`, color: '#30bced' }, cursor: { anchor: clock, head: clock + 1 } }));
        }),
      ]);
    await load(p.warmupMs);
    await sleep(200);
    const in0 = clients.reduce((a, c) => a + c.bytesOut, 0);
    const out0 = clients.reduce((a, c) => a + c.bytesIn, 0);
    book.recording = true;
    const c0 = await server.probe();
    const t0 = performance.now();
    await load(p.ms);
    const c1 = await server.probe();
    const cpu = (c1.cpuMicros - c0.cpuMicros) / 10 / (performance.now() - t0);
    await sleep(500);
    book.recording = false;
    const inbound = clients.reduce((a, c) => a + c.bytesOut, 0) - in0;
    const outbound = clients.reduce((a, c) => a + c.bytesIn, 0) - out0;
    const total = typed.reduce((a, b) => a + b, 0);
    try {
      await until(() => samples.every((s) => s.getText('t').length === total), 15_000, 'sample clients to converge');
      if (samples[0]!.getText('t').toString() !== samples[1]!.getText('t').toString()) fail('S3: sample clients hold different texts');
    } catch (err) {
      fail(`S3: ${(err as Error).message}`);
    }
    const p99 = percentile(book.samples, 99);
    log(`in ${(inbound / 1024).toFixed(0)} KiB, out ${(outbound / 1024).toFixed(0)} KiB (x${(outbound / inbound).toFixed(1)}), p99 ${fmt(p99)} ms, CPU ${cpu.toFixed(0)}%`);
    await closeAll(clients);
    for (const s of samples) s.destroy();
    return [
      { key: 's3.amplification', label: 'S3 outbound / inbound bytes', unit: 'x', value: outbound / inbound, better: 'lower' },
      { key: 's3.outbound', label: 'S3 outbound bytes/s', unit: 'KiB/s', value: outbound / 1024 / (p.ms / 1000), better: 'lower' },
      { key: 's3.p99', label: 'S3 edit propagation p99', unit: 'ms', value: p99, better: 'lower' },
      { key: 's3.cpu', label: 'S3 server CPU', unit: '% of a core', value: cpu, better: 'lower' },
    ];
  },
};
