import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { BenchClient, closeAll, openMany, sleep, until } from '../client.js';
import { type BenchServer, startServer } from '../harness.js';
import { LatencyBook, median, percentile } from '../latency.js';
import { paced } from '../pace.js';
import { measureFanOut } from '../fan-out.js';
import { fmt, type Metric, type Scenario, type ScenarioContext } from '../scenario.js';
import { freshClientId, typingUpdates } from '../typing.js';
import { Wire } from '../wire.js';

/** Sizes of C1, full and quick. */
const SIZE = {
  full: { latencyRate: 50, latencyMs: 10_000, updates: 2000, receivers: 90, reps: 3 },
  quick: { latencyRate: 20, latencyMs: 1_000, updates: 100, receivers: 6, reps: 1 },
};

/** PostgreSQL and Redis of the machine, from the environment (the bench's single servers never get them). */
function services(): { databaseUrl: string; redisUrl: string } | null {
  const { DATABASE_URL, REDIS_URL } = process.env;
  return DATABASE_URL && REDIS_URL ? { databaseUrl: DATABASE_URL, redisUrl: REDIS_URL } : null;
}

/** Up to three Tandem nodes sharing a fresh PostgreSQL schema and Redis prefix, removed by `dispose`. */
class BenchCluster {
  readonly schema = `bench_cluster_${randomBytes(5).toString('hex')}`;
  readonly prefix = `bench-cluster-${randomBytes(5).toString('hex')}:`;
  readonly nodes: BenchServer[] = [];

  constructor(private readonly svc: { databaseUrl: string; redisUrl: string }) {}

  async start(count: number): Promise<void> {
    while (this.nodes.length < count) {
      const id = `bench-${this.nodes.length}`;
      this.nodes.push(
        await startServer('tandem', {
          DATABASE_URL: this.svc.databaseUrl,
          DATABASE_SCHEMA: this.schema,
          REDIS_URL: this.svc.redisUrl,
          REDIS_PREFIX: this.prefix,
          NODE_ID: id,
        }),
      );
    }
  }

  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
    const client = new pg.Client({ connectionString: this.svc.databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await client.end();
    const redis = new Redis(this.svc.redisUrl);
    const keys = await redis.keys(`${this.prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
}

/** A typist on node 0 at a steady rate, a reader on node 1: propagation through PostgreSQL and Redis. */
async function crossNode(ctx: ScenarioContext, nodes: BenchServer[], wire: Wire): Promise<number[]> {
  const p = ctx.quick ? SIZE.quick : SIZE.full;
  const doc = 'c1-cross';
  const book = new LatencyBook();
  const id = freshClientId();
  const total = Math.ceil((p.latencyRate * p.latencyMs) / 1000) + 50;
  book.register(id, total);
  const frames = typingUpdates(id, total).map((u) => wire.update(doc, u));
  const [reader] = await openMany(1, () => new BenchClient(wire, nodes[1]!.port, doc, { onUpdate: book.receiver() }));
  const [writer] = await openMany(1, () => new BenchClient(wire, nodes[0]!.port, doc));
  await sleep(300);
  let sent = 0;
  book.recording = true;
  const end = performance.now() + p.latencyMs;
  while (performance.now() < end && sent < frames.length) {
    await paced(p.latencyRate, 500, () => {
      if (sent >= frames.length) return;
      book.markSent(id, sent);
      writer!.send(frames[sent++]!);
    });
  }
  try {
    await until(() => book.delivered >= sent, 10_000, `${sent} edits across nodes (${book.delivered} so far)`);
  } catch (err) {
    ctx.fail(`C1 cross-node: ${(err as Error).message}`);
  }
  await closeAll([reader, writer]);
  return book.samples;
}

/** One writer on node 0 at full speed, receivers spread evenly over every node: deliveries per second. */
async function fanOut(ctx: ScenarioContext, nodes: BenchServer[], wire: Wire, rep: number): Promise<number> {
  const p = ctx.quick ? SIZE.quick : SIZE.full;
  const { rate } = await measureFanOut({
    wire,
    doc: `c1-fanout-${nodes.length}-${rep}`,
    ports: nodes.map((n) => n.port),
    updates: p.updates,
    receivers: p.receivers,
    settleMs: 300,
    fail: (message) => ctx.fail(`C1 fan-out on ${nodes.length} nodes: ${message}`),
  });
  return rate;
}

/**
 * C1 the cluster (runs when DATABASE_URL and REDIS_URL are set, skipped otherwise): Tandem nodes on one
 * PostgreSQL database (a fresh schema per run) and one Redis (a fresh key prefix), all dropped
 * afterwards. Cross-node propagation at a steady 50 edits/s (writer on node 0, reader on node 1:
 * stored in PostgreSQL, relayed over Redis), and the aggregate fan-out of one writer to 90
 * receivers spread over 1, 2 and 3 nodes. Every node process is pinned to core 0 like the single
 * servers, so more nodes share one core: the figures show what the relay costs, not scaling.
 */
export const c1Cluster: Scenario = {
  id: 'C1',
  title: 'cluster on PostgreSQL + Redis',
  once: true,
  kinds: ['tandem'],
  unavailable: () => (services() ? null : 'needs DATABASE_URL and REDIS_URL (PostgreSQL and Redis)'),
  async run(ctx): Promise<Metric[]> {
    const svc = services();
    if (!svc) {
      ctx.fail('C1 needs DATABASE_URL and REDIS_URL');
      return [];
    }
    const p = ctx.quick ? SIZE.quick : SIZE.full;
    const wire = new Wire('tandem');
    const cluster = new BenchCluster(svc);
    const metrics: Metric[] = [];
    try {
      await cluster.start(2);
      const samples = await crossNode(ctx, cluster.nodes, wire);
      ctx.log(`cross-node: p50 ${fmt(percentile(samples, 50), 2)} ms, p99 ${fmt(percentile(samples, 99), 2)} ms over ${samples.length} edits`);
      metrics.push(
        { key: 'c1.cross.p50', label: `C1 cross-node propagation p50 (${p.latencyRate} edits/s)`, unit: 'ms', value: percentile(samples, 50), better: 'lower' },
        { key: 'c1.cross.p99', label: `C1 cross-node propagation p99 (${p.latencyRate} edits/s)`, unit: 'ms', value: percentile(samples, 99), better: 'lower' },
      );
      for (const count of [1, 2, 3]) {
        await cluster.start(count);
        const nodes = cluster.nodes.slice(0, count);
        const rates: number[] = [];
        for (let rep = 0; rep < p.reps; rep++) rates.push(await fanOut(ctx, nodes, wire, rep));
        ctx.log(`fan-out on ${count} node(s): ${rates.map((r) => r.toFixed(0)).join(', ')} deliveries/s`);
        metrics.push({ key: `c1.fanout.${count}`, label: `C1 fan-out deliveries/s, ${p.receivers} receivers on ${count} node(s)`, unit: '/s', value: median(rates), better: 'higher' });
      }
    } finally {
      await cluster.dispose();
    }
    return metrics;
  },
};
