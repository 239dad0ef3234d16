import { sleep } from '../client.js';
import { median, percentile } from '../latency.js';
import { paced } from '../pace.js';
import { measureFanOut } from '../fan-out.js';
import { fmt, type Metric, type Scenario, type ScenarioContext } from '../scenario.js';
import { measureSteadyRate, type SteadyRate } from '../steady-rate.js';
import { warmUpEditPath } from '../warm-up.js';
import { openTypedDocs } from '../typed-docs.js';

/** Sizes of S2, full and quick. */
const SIZE = {
  full: { updates: 3000, receivers: 100, reps: 3, docs: 50, clients: 10, rates: [200, 400, 800, 1600, 3200, 6400], stepMs: 3000, fixedRate: 200 },
  quick: { updates: 200, receivers: 5, reps: 1, docs: 3, clients: 3, rates: [30, 60], stepMs: 800, fixedRate: 60 },
};

/** The steady-rate step (issue 20's latency target), full and quick. */
const STEADY: { full: SteadyRate; quick: SteadyRate } = {
  full: { rate: 2000, docs: 100, receivers: 3, warmUpMs: 3000, recordMs: 10_000 },
  quick: { rate: 100, docs: 4, receivers: 3, warmUpMs: 1000, recordMs: 2000 },
};

/** Latency ceiling of the ramp: the highest rate whose p99 stays at or under this counts. */
const RAMP_P99_LIMIT_MS = 50;

/** One rep of the full-speed fan-out (see measureFanOut). */
function fanOutOnce(ctx: ScenarioContext, rep: number, p: (typeof SIZE)['full']): Promise<{ rate: number; p99: number | null }> {
  return measureFanOut({
    wire: ctx.wire,
    doc: `s2-fanout-${rep}`,
    ports: [ctx.server.port],
    updates: p.updates,
    receivers: p.receivers,
    settleMs: 200,
    fail: (message) => ctx.fail(`S2 fan-out: ${message}`),
  });
}

async function ramp(ctx: ScenarioContext, p: (typeof SIZE)['full']): Promise<{ maxRate: number; fixedP99: number | null; steps: { rate: number; p99: number | null }[] }> {
  const { log } = ctx;
  const perTypist = Math.ceil((p.rates.reduce((a, b) => a + b, 0) * p.stepMs) / 1000 / p.docs) + 10;
  const docs = await openTypedDocs(ctx, { prefix: 's2-ramp', docs: p.docs, clientsPerDoc: p.clients, perTypist, sampledDocs: 2 });
  const { book } = docs;
  const steps: { rate: number; p99: number | null }[] = [];
  let maxRate = 0;
  for (const rate of p.rates) {
    book.reset();
    book.recording = true;
    await paced(rate, p.stepMs, (n) => void docs.type(n));
    await sleep(300); // let the step's tail arrive
    book.recording = false;
    const p99 = percentile(book.samples, 99);
    steps.push({ rate, p99 });
    log(`ramp ${rate} updates/s: p99 ${fmt(p99)} ms`);
    if (p99 === null || p99 > RAMP_P99_LIMIT_MS) break;
    maxRate = rate;
  }
  await docs.converge('S2 ramp');
  await docs.close();
  const fixed = steps.find((s) => s.rate === p.fixedRate);
  return { maxRate, fixedP99: fixed ? fixed.p99 : null, steps };
}

/**
 * S2 fan-out: one writer sending its updates at full speed to one doc with many receivers
 * (deliveries per second, median of reps); then docs x clients with one typist each, ramping
 * the total edit rate until p99 passes 50 ms; then propagation p50/p99 at a steady rate over many
 * docs (see measureSteadyRate).
 */
export const s2FanOut: Scenario = {
  id: 'S2',
  title: 'fan-out',
  kinds: ['tandem', 'y-websocket', 'hocuspocus', 'relay'],
  async run(ctx): Promise<Metric[]> {
    const p = ctx.quick ? SIZE.quick : SIZE.full;
    await warmUpEditPath(ctx); // the code a server compiles on its first edits is not latency (see warmUpEditPath)
    const rates: number[] = [];
    const p99s: number[] = [];
    for (let rep = 0; rep < p.reps; rep++) {
      const r = await fanOutOnce(ctx, rep, p);
      rates.push(r.rate);
      if (r.p99 !== null) p99s.push(r.p99);
      ctx.log(`fan-out ${p.updates} updates -> ${p.receivers} receivers: ${Math.round(r.rate).toLocaleString('en')} deliveries/s (rep ${rep + 1}/${p.reps})`);
    }
    const r = await ramp(ctx, p);
    const st = ctx.quick ? STEADY.quick : STEADY.full;
    const steady = await measureSteadyRate(ctx, st);
    ctx.log(`steady ${st.rate} updates/s over ${st.docs} docs: p50 ${fmt(steady.p50)} ms, p99 ${fmt(steady.p99)} ms (${steady.samples} samples)`);
    const steadyLabel = `at a steady ${st.rate.toLocaleString('en')} updates/s (${st.docs} docs x 1 writer + ${st.receivers} receivers)`;
    return [
      { key: 's2.fanout', label: 'S2 fan-out deliveries/s', unit: '/s', value: median(rates), better: 'higher' },
      { key: 's2.fanoutP99', label: 'S2 fan-out p99 (queueing at full speed)', unit: 'ms', value: median(p99s), better: 'lower' },
      { key: 's2.rampP99', label: `S2 p99 at ${p.fixedRate} updates/s (${p.docs} docs x ${p.clients})`, unit: 'ms', value: r.fixedP99, better: 'lower' },
      { key: 's2.rampMax', label: `S2 highest rate with p99 <= ${RAMP_P99_LIMIT_MS} ms`, unit: 'updates/s', value: r.maxRate, better: 'higher' },
      { key: 's2.steadyP50', label: `S2 p50 ${steadyLabel}`, unit: 'ms', value: steady.p50, better: 'lower' },
      { key: 's2.steadyP99', label: `S2 p99 ${steadyLabel}`, unit: 'ms', value: steady.p99, better: 'lower' },
    ];
  },
};
