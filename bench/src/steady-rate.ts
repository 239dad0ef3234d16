import { sleep } from './client.js';
import { percentile } from './latency.js';
import { paced } from './pace.js';
import type { ScenarioContext } from './scenario.js';
import { openTypedDocs } from './typed-docs.js';

/** A steady offered rate: how many updates/s in total over how many docs, for how long. */
export interface SteadyRate {
  rate: number;
  docs: number;
  /** Receivers per doc (besides its one writer); one of them per doc is a real Y.Doc. */
  receivers: number;
  warmUpMs: number;
  recordMs: number;
}

/**
 * Propagation p50/p99 at a steady offered rate spread evenly over many docs (one writer each):
 * a warm-up that is not recorded, then the recorded window; every doc's sample receiver must
 * converge (ctx.fail otherwise).
 */
export async function measureSteadyRate(ctx: ScenarioContext, s: SteadyRate): Promise<{ p50: number | null; p99: number | null; samples: number }> {
  const perTypist = Math.ceil((s.rate * (s.warmUpMs + s.recordMs)) / 1000 / s.docs) + 10;
  const docs = await openTypedDocs(ctx, { prefix: 's2-steady', docs: s.docs, clientsPerDoc: 1 + s.receivers, perTypist, sampledDocs: s.docs });
  const { book } = docs;
  let sent = 0;
  const type = (): void => void docs.type(sent++);
  await paced(s.rate, s.warmUpMs, type);
  book.reset();
  book.recording = true;
  await paced(s.rate, s.recordMs, type);
  await sleep(300); // let the window's tail arrive
  book.recording = false;
  const result = { p50: percentile(book.samples, 50), p99: percentile(book.samples, 99), samples: book.samples.length };
  await docs.converge('S2 steady rate');
  await docs.close();
  return result;
}
