import * as Y from 'yjs';
import { BenchClient, closeAll, openMany, sleep, until } from './client.js';
import { LatencyBook, percentile } from './latency.js';
import { freshClientId, typingText, typingUpdates } from './typing.js';
import type { Wire } from './wire.js';

/** One fan-out measurement: where the receivers connect and how many updates they get. */
export interface FanOutRun {
  wire: Wire;
  doc: string;
  /** Ports of the servers: the writer uses the first; receivers are spread over all of them in turn. */
  ports: readonly number[];
  updates: number;
  receivers: number;
  /** Pause after everyone joined, before the writer starts. */
  settleMs: number;
  /** Reports a failure (a missing delivery, a receiver that did not converge), prefixed by the caller. */
  fail(message: string): void;
}

/**
 * One writer sending `updates` typing updates at full speed to `receivers` clients of one
 * document: deliveries per second and the p99 of the time from send to delivery (queueing at full
 * speed). The receiver on the last port keeps a Y.Doc that must end with the typed text. Shared by
 * S2 (one server) and C1 (receivers spread over the cluster's nodes).
 */
export async function measureFanOut(run: FanOutRun): Promise<{ rate: number; p99: number | null }> {
  const { wire, doc, ports, updates, receivers: count } = run;
  const book = new LatencyBook();
  const id = freshClientId();
  book.register(id, updates);
  const frames = typingUpdates(id, updates).map((u) => wire.update(doc, u));
  const sample = new Y.Doc();
  const sampleIndex = Math.min(count, ports.length) - 1;
  const receivers = await openMany(count, (i) => new BenchClient(wire, ports[i % ports.length]!, doc, { onUpdate: book.receiver(), ...(i === sampleIndex ? { doc: sample } : {}) }));
  const [writer] = await openMany(1, () => new BenchClient(wire, ports[0]!, doc));
  await sleep(run.settleMs);
  book.recording = true;
  const want = updates * count;
  const t0 = performance.now();
  frames.forEach((f, k) => {
    book.markSent(id, k);
    writer!.send(f);
  });
  try {
    await until(() => book.delivered >= want, 120_000, `${want} deliveries (${book.delivered} so far)`);
  } catch (err) {
    run.fail((err as Error).message);
  }
  const rate = (book.delivered / (performance.now() - t0)) * 1000;
  if (sample.getText('t').toString() !== typingText(updates)) run.fail('the sample receiver did not converge');
  await closeAll([...receivers, writer]);
  sample.destroy();
  return { rate, p99: percentile(book.samples, 99) };
}
