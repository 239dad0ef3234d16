import * as Y from 'yjs';
import { BenchClient, closeAll, openMany, sleep, until } from './client.js';
import { paced } from './pace.js';
import type { ScenarioContext } from './scenario.js';
import { freshClientId, typingUpdates } from './typing.js';

/** How much of the edit path a warm-up drives through a server. */
export interface WarmUp {
  docs: number;
  /** Receivers per doc, besides its one typist. */
  receivers: number;
  /** Updates in all (spread over the docs), each followed by an awareness message from a receiver. */
  updates: number;
  /** Updates per second. */
  rate: number;
}

/** Sizes of the warm-up: full is enough for V8 to have optimised every server's edit path here (docs/performance.md, 2026-12-04). */
export const EDIT_PATH_WARM_UP: { full: WarmUp; quick: WarmUp } = {
  full: { docs: 20, receivers: 2, updates: 16_000, rate: 4000 },
  quick: { docs: 2, receivers: 2, updates: 200, rate: 1000 },
};

/**
 * Drives a server's edit path (receive, apply, store, relay updates and awareness) on throwaway
 * docs before a scenario measures latency, then lets it settle. V8 optimises a hot function after
 * thousands of calls, on background threads; with the server pinned to one core, that compile
 * takes the core from the event loop for about 100 ms, and inside a measured window it sets the
 * p99 of a scenario that has no other stall. Every server gets the same warm-up, so what is
 * measured is the steady state a server that has run for a while is in.
 */
export async function warmUpEditPath(ctx: ScenarioContext): Promise<void> {
  const { wire, server } = ctx;
  const w = ctx.quick ? EDIT_PATH_WARM_UP.quick : EDIT_PATH_WARM_UP.full;
  const perDoc = Math.ceil(w.updates / w.docs);
  const typists = Array.from({ length: w.docs }, (_, d) => {
    const id = freshClientId();
    return typingUpdates(id, perDoc).map((u) => wire.update(`warm-up-${d}`, u));
  });
  // one receiver per doc is a real Y.Doc, to know when everything sent has arrived
  const samples = Array.from({ length: w.docs }, () => new Y.Doc());
  const clients = await openMany(w.docs * (1 + w.receivers), (i) => {
    const d = i % w.docs;
    return new BenchClient(wire, server.port, `warm-up-${d}`, i >= w.docs && i < 2 * w.docs ? { doc: samples[d]! } : {});
  });
  const names = clients.map(() => freshClientId());
  const sent = new Uint32Array(w.docs);
  await paced(w.rate, (w.updates / w.rate) * 1000, (n) => {
    const d = n % w.docs;
    const k = sent[d]!;
    if (k >= perDoc) return;
    sent[d] = k + 1;
    clients[d]!.send(typists[d]![k]!);
    const r = w.docs * (1 + (n % w.receivers)) + d;
    const c = clients[r]!;
    c.send(wire.awareness(c.docName, names[r]!, k + 1, { user: { name: `warm-up ${r}` }, cursor: { anchor: k, head: k } }));
  });
  // a server that fails to relay fails the scenario's own checks; the warm-up only waits a while
  await until(() => samples.every((doc, d) => doc.getText('t').length === sent[d]), 15_000, 'warm-up updates to arrive').catch(() => {});
  await closeAll(clients);
  for (const doc of samples) doc.destroy();
  await sleep(500); // let optimising compiles queued at the end finish
}
