import * as Y from 'yjs';
import { BenchClient, closeAll, openMany, sleep, until } from './client.js';
import { LatencyBook } from './latency.js';
import type { ScenarioContext } from './scenario.js';
import { freshClientId, typingUpdates } from './typing.js';

/** How a set of typed documents is laid out. */
export interface TypedDocsLayout {
  /** Prefix of the document names (`${prefix}-${d}`). */
  prefix: string;
  docs: number;
  /** Clients per document: the first is its typist, the rest receive. */
  clientsPerDoc: number;
  /** Updates encoded per typist before the timed part. */
  perTypist: number;
  /** How many docs (the first ones) get one receiver that is a real Y.Doc, for convergence. */
  sampledDocs: number;
}

/**
 * Docs x clients with one typist each, all connected and settled, and a LatencyBook the receivers
 * report to: `type(n)` sends the next update of doc n % docs, `converge()` checks every sample
 * holds what its typist sent (ctx.fail otherwise), `close()` ends it. Shared by S2's ramp and its
 * steady-rate step.
 */
export async function openTypedDocs(ctx: ScenarioContext, l: TypedDocsLayout) {
  const { wire, server } = ctx;
  const book = new LatencyBook();
  const docName = (d: number) => `${l.prefix}-${d}`;
  const typists = Array.from({ length: l.docs }, (_, d) => {
    const id = freshClientId();
    book.register(id, l.perTypist);
    return { id, frames: typingUpdates(id, l.perTypist).map((u) => wire.update(docName(d), u)) };
  });
  const samples: (Y.Doc | undefined)[] = [];
  const clients = await openMany(l.docs * l.clientsPerDoc, (i) => {
    const d = i % l.docs;
    if (i < l.docs) return new BenchClient(wire, server.port, docName(d));
    const sample = i < l.docs + l.sampledDocs ? (samples[d] = new Y.Doc()) : undefined;
    return new BenchClient(wire, server.port, docName(d), { onUpdate: book.receiver(), ...(sample ? { doc: sample } : {}) });
  });
  await sleep(200);
  const typed = new Uint32Array(l.docs);
  return {
    book,
    /** Every client: doc d's typist at d, its receivers at d + docs, d + 2 * docs... */
    clients: clients as readonly BenchClient[],
    /** Sends doc (n % docs)'s next update; false when its typist has run out. */
    type(n: number): boolean {
      const d = n % l.docs;
      const k = typed[d]!;
      const t = typists[d]!;
      if (k >= t.frames.length) return false;
      typed[d] = k + 1;
      book.markSent(t.id, k);
      clients[d]!.send(t.frames[k]!);
      return true;
    },
    /** Waits until every sample holds its typist's text; reports a mismatch through ctx.fail. */
    async converge(what: string): Promise<void> {
      try {
        await until(() => samples.every((s, d) => !s || s.getText('t').length === typed[d]), 30_000, `${what} samples to converge`);
      } catch (err) {
        ctx.fail(`${what}: ${(err as Error).message}`);
      }
    },
    async close(): Promise<void> {
      await closeAll(clients);
      for (const s of samples) s?.destroy();
    },
  };
}
