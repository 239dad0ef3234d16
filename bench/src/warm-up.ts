import { sleep } from './client.js';
import { paced } from './pace.js';
import type { ScenarioContext } from './scenario.js';
import { openTypedDocs } from './typed-docs.js';
import { freshClientId } from './typing.js';

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
  const w = ctx.quick ? EDIT_PATH_WARM_UP.quick : EDIT_PATH_WARM_UP.full;
  const docs = await openTypedDocs(ctx, {
    prefix: 'warm-up',
    docs: w.docs,
    clientsPerDoc: 1 + w.receivers,
    perTypist: Math.ceil(w.updates / w.docs),
    sampledDocs: w.docs,
  });
  const names = docs.clients.map(() => freshClientId());
  await paced(w.rate, (w.updates / w.rate) * 1000, (n) => {
    if (!docs.type(n)) return;
    // and an awareness change from one of that doc's receivers
    const r = w.docs * (1 + (Math.floor(n / w.docs) % w.receivers)) + (n % w.docs);
    const c = docs.clients[r]!;
    c.send(ctx.wire.awareness(c.docName, names[r]!, n + 1, { user: { name: `warm-up ${r}` }, cursor: { anchor: n, head: n } }));
  });
  await docs.converge('warm-up');
  await docs.close();
  await sleep(500); // let optimising compiles queued at the end finish
}
