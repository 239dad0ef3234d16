/**
 * Cross-node propagation latency: two server processes on PostgreSQL and Redis, a stock
 * y-websocket writer on one and a reader on the other. Each sample is one edit typed on the
 * writer until the reader has it (stored in PostgreSQL, then relayed over Redis). Loopback only,
 * bounded in count and time. Run: `pnpm --filter @tandem/tests bench:cluster` after `pnpm build`,
 * with DATABASE_URL and REDIS_URL set. It prints p50/p99/max; it asserts only that every edit
 * arrived (speed targets belong to the benchmark harness, not to tests).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, synced, type TestClient } from '../helpers/clients.js';
import { services, TestCluster } from '../helpers/cluster.js';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 500);
const runs = services ? describe : describe.skip;

/** The value below which `q` (0-1) of the sorted samples fall. */
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

runs('cross-node propagation latency (2 nodes)', () => {
  let cluster: TestCluster;
  let writer: TestClient;
  let reader: TestClient;

  beforeAll(async () => {
    cluster = new TestCluster();
    const [a, b] = [await cluster.start('bench-a'), await cluster.start('bench-b')];
    writer = connectClient(a.url, 'latency');
    reader = connectClient(b.url, 'latency');
    await Promise.all([synced(writer), synced(reader)]);
  });

  afterAll(async () => {
    writer?.destroy();
    reader?.destroy();
    await cluster?.dispose();
  });

  /** Types one character on the writer; resolves with the ms until the reader holds it. */
  const oneEdit = () =>
    new Promise<number>((resolve, reject) => {
      const want = writer.text.length + 1;
      const timer = setTimeout(() => reject(new Error('an edit did not arrive within 5 s')), 5_000);
      const check = () => {
        if (reader.text.length < want) return;
        clearTimeout(timer);
        reader.doc.off('update', check);
        resolve(performance.now() - started);
      };
      reader.doc.on('update', check);
      const started = performance.now();
      writer.text.insert(writer.text.length, 'x');
    });

  it(`measures ${SAMPLES} sequential edits`, async () => {
    for (let i = 0; i < 20; i++) await oneEdit(); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < SAMPLES; i++) ms.push(await oneEdit());
    ms.sort((x, y) => x - y);
    const f = (n: number) => n.toFixed(2);
    console.info(
      `cross-node propagation over ${ms.length} edits: p50 ${f(quantile(ms, 0.5))} ms, p99 ${f(quantile(ms, 0.99))} ms, max ${f(ms.at(-1)!)} ms`,
    );
    expect(reader.text.toString()).toBe(writer.text.toString());
  });
});
