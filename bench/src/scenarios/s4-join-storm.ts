import * as Y from 'yjs';
import { BenchClient, closeAll, openMany, sleep, withTimeout } from '../client.js';
import { LatencyBook, median, percentile } from '../latency.js';
import { paced } from '../pace.js';
import { fmt, type Metric, type Scenario, type ScenarioContext } from '../scenario.js';
import { traceOnce } from '../trace.js';
import { freshClientId, typingUpdates } from '../typing.js';

/** Sizes of S4, full and quick (quick replays only the start of the trace). */
const SIZE = {
  full: { traceLimit: Infinity, joiners: 50, windowMs: 1000, reps: 3, probeHz: 20 },
  quick: { traceLimit: 2000, joiners: 5, windowMs: 200, reps: 1, probeHz: 20 },
};

const size = (quick: boolean) => (quick ? SIZE.quick : SIZE.full);

/** Connects a real Y.Doc client to `doc` and resolves with its text once synced. */
async function fetchText(ctx: ScenarioContext, doc: string): Promise<string> {
  const ydoc = new Y.Doc();
  const c = new BenchClient(ctx.wire, ctx.server.port, doc, { doc: ydoc });
  await withTimeout(c.synced, 30_000, `a check client to sync ${doc}`);
  const text = ydoc.getText('t').toString();
  await c.close();
  ydoc.destroy();
  return text;
}

/**
 * S4 join storm: a document made by replaying the automerge-paper trace; joiners connect spread
 * over one second while a probe pair edits another doc at 20 Hz. Time for each joiner to hold
 * the document, time until all do, and the probe's p99.
 */
export const s4JoinStorm: Scenario = {
  id: 'S4',
  title: 'join storm',
  once: true,
  kinds: ['tandem', 'y-websocket', 'hocuspocus'],
  async prepare(quick, log) {
    const t0 = performance.now();
    const t = traceOnce(size(quick).traceLimit);
    log(`trace encoded: ${t.updates.length.toLocaleString('en')} updates, document ${(t.state.length / 1024).toFixed(0)} KiB, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  },
  async run(ctx): Promise<Metric[]> {
    const { wire, server, log, fail } = ctx;
    const p = size(ctx.quick);
    const trace = traceOnce(p.traceLimit);
    const doc = 's4-storm';
    const seedDoc = new Y.Doc();
    Y.applyUpdate(seedDoc, trace.state);
    const [seed] = await openMany(1, () => new BenchClient(wire, server.port, doc, { doc: seedDoc }));
    try {
      let text = '';
      for (let i = 0; i < 50 && text !== trace.text; i++) {
        await sleep(200);
        text = await fetchText(ctx, doc);
      }
      if (text !== trace.text) fail('S4: the server did not take the seeded document');
    } catch (err) {
      fail(`S4: ${(err as Error).message}`);
    }

    const book = new LatencyBook();
    const probeId = freshClientId();
    const probeTotal = p.reps * 20 * p.probeHz + 200;
    book.register(probeId, probeTotal);
    const probeFrames = typingUpdates(probeId, probeTotal).map((u) => wire.update('s4-probe', u));
    const [probeWriter, probeReader] = await openMany(2, (i) => new BenchClient(wire, server.port, 's4-probe', i === 1 ? { onUpdate: book.receiver() } : {}));
    let probing = true;
    let probeSent = 0;
    book.recording = true;
    const probeLoop = (async () => {
      while (probing && probeSent < probeFrames.length) {
        await paced(p.probeHz, 500, () => {
          if (probeSent >= probeFrames.length) return;
          book.markSent(probeId, probeSent);
          probeWriter!.send(probeFrames[probeSent++]!);
        });
      }
    })();

    const allMs: number[] = [];
    const perJoiner: number[] = [];
    for (let rep = 0; rep < p.reps; rep++) {
      const joiners: BenchClient[] = [];
      const samples: Y.Doc[] = [];
      const t0 = performance.now();
      for (let i = 0; i < p.joiners; i++) {
        const due = t0 + (i * p.windowMs) / p.joiners;
        while (performance.now() < due) await sleep(1);
        const sample = i % Math.ceil(p.joiners / 3) === 1 ? new Y.Doc() : undefined;
        if (sample) samples.push(sample);
        joiners.push(new BenchClient(wire, server.port, doc, sample ? { doc: sample } : {}));
      }
      try {
        await withTimeout(Promise.all(joiners.map((j) => j.synced)), 120_000, 'every joiner to sync');
      } catch (err) {
        fail(`S4: ${(err as Error).message}`);
      }
      const all = Math.max(...joiners.map((j) => j.syncedAt)) - t0;
      const each = joiners.filter((j) => j.syncedAt).map((j) => j.syncedAt - j.startedAt);
      allMs.push(all);
      perJoiner.push(...each);
      for (const s of samples) if (s.getText('t').toString() !== trace.text) fail('S4: a sample joiner does not hold the document');
      log(`storm ${rep + 1}/${p.reps}: ${p.joiners} joiners all synced after ${all.toFixed(0)} ms; each ${fmt(median(each))} ms median, ${fmt(percentile(each, 99))} ms p99`);
      await closeAll(joiners);
      for (const s of samples) s.destroy();
      await sleep(300);
    }
    probing = false;
    await probeLoop;
    const probeP99 = percentile(book.samples, 99);
    log(`probe p99 ${fmt(probeP99)} ms over ${book.samples.length} edits`);
    await closeAll([seed, probeWriter, probeReader]);
    seedDoc.destroy();
    return [
      { key: 's4.joinMedian', label: 'S4 time for a joiner to hold the doc (median)', unit: 'ms', value: median(perJoiner), better: 'lower' },
      { key: 's4.joinP99', label: 'S4 time for a joiner to hold the doc (p99)', unit: 'ms', value: percentile(perJoiner, 99), better: 'lower' },
      { key: 's4.allSynced', label: 'S4 time until all joiners hold it (from first join)', unit: 'ms', value: median(allMs), better: 'lower' },
      { key: 's4.probeP99', label: 'S4 probe edit p99 during the storm', unit: 'ms', value: probeP99, better: 'lower' },
    ];
  },
};
