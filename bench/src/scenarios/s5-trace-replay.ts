import * as Y from 'yjs';
import { BenchClient, closeAll, openMany, sleep, until, withTimeout } from '../client.js';
import { type Metric, type Scenario } from '../scenario.js';
import { traceOnce } from '../trace.js';

/** Sizes of S5, full and quick. */
const SIZE = {
  full: { traceLimit: Infinity, readers: 4, window: 2000 },
  quick: { traceLimit: 2000, readers: 4, window: 500 },
};

const size = (quick: boolean) => (quick ? SIZE.quick : SIZE.full);

/**
 * S5 trace replay with storage on: one writer sends the automerge-paper trace's updates as fast as
 * the server takes them (at most `window` edits ahead of the slowest tracking reader), four readers
 * follow (one a real Y.Doc). Updates per second; the final text must equal the trace's endContent.
 */
export const s5TraceReplay: Scenario = {
  id: 'S5',
  title: 'trace replay',
  once: true,
  kinds: ['tandem', 'y-websocket', 'hocuspocus', 'relay'],
  async prepare(quick) {
    traceOnce(size(quick).traceLimit);
  },
  async run({ server, wire, quick, log, fail }): Promise<Metric[]> {
    const p = size(quick);
    const trace = traceOnce(p.traceLimit);
    const doc = 's5-trace';
    const frames = trace.updates.map((u) => wire.update(doc, u));
    const finalClock = trace.clockAfter[trace.clockAfter.length - 1]!;
    const reached = new Uint32Array(p.readers - 1);
    const real = new Y.Doc();
    const readers = await openMany(p.readers, (i) =>
      i === p.readers - 1
        ? new BenchClient(wire, server.port, doc, { doc: real })
        : new BenchClient(wire, server.port, doc, {
            onUpdate: (u) => {
              const to = Y.parseUpdateMeta(u).to.get(trace.clientId);
              if (to !== undefined && to > reached[i]!) reached[i] = to;
            },
          }),
    );
    const [writer] = await openMany(1, () => new BenchClient(wire, server.port, doc));
    await sleep(200);
    const t0 = performance.now();
    let next = 0;
    let lastLog = t0;
    const slowest = () => reached.reduce((a, b) => Math.min(a, b), Infinity);
    try {
      while (next < frames.length) {
        const behind = slowest();
        while (next < frames.length && trace.clockAfter[next]! - behind < p.window) writer!.send(frames[next++]!);
        if (writer!.buffered > 1 << 20 || next < frames.length) await sleep(1);
        if (performance.now() - lastLog > 5000) {
          lastLog = performance.now();
          log(`${next.toLocaleString('en')} / ${frames.length.toLocaleString('en')} updates sent, ${Math.round((next / (lastLog - t0)) * 1000).toLocaleString('en')}/s`);
        }
        if (performance.now() - t0 > 600_000) throw new Error('replay took over 10 minutes');
      }
      await until(() => slowest() >= finalClock && real.getText('t').length === trace.text.length, 120_000, 'the readers to reach the end of the trace');
    } catch (err) {
      fail(`S5: ${(err as Error).message}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const rate = frames.length / seconds;
    if (real.getText('t').toString() !== trace.text) fail("S5: the real reader's text differs from the trace's endContent");
    if (wire.syncs) {
      const check = new Y.Doc();
      const c = new BenchClient(wire, server.port, doc, { doc: check });
      try {
        await withTimeout(c.synced, 60_000, 'a fresh client to sync the replayed doc');
        if (check.getText('t').toString() !== trace.text) fail("S5: a fresh client's text differs from the trace's endContent");
      } catch (err) {
        fail(`S5: ${(err as Error).message}`);
      }
      await c.close();
      check.destroy();
    }
    log(`${frames.length.toLocaleString('en')} updates in ${seconds.toFixed(1)} s: ${Math.round(rate).toLocaleString('en')} updates/s; final text ${real.getText('t').toString() === trace.text ? 'equals' : 'DIFFERS FROM'} endContent`);
    await closeAll([...readers, writer]);
    real.destroy();
    return [{ key: 's5.rate', label: 'S5 trace replay updates/s (4 readers)', unit: '/s', value: rate, better: 'higher' }];
  },
};
