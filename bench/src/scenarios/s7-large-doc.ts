import { readFileSync } from 'node:fs';
import { splitUpdate } from '@tandem/protocol/split-update';
import * as Y from 'yjs';
import { type BigDoc, buildBigDoc } from '../big-doc.js';
import { BenchClient, closeAll, sleep, until, withTimeout } from '../client.js';
import { median } from '../latency.js';
import { fmt, type Metric, type Scenario, type ScenarioContext } from '../scenario.js';

/** A positive whole number from the environment, or `fallback` when unset. */
function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected a whole number of at least 1, got "${raw}"`);
  return n;
}

/**
 * Sizes of S7, full and quick. The full document's size and the storm's joiners can be changed
 * with BENCH_S7_MIB (default 20) and BENCH_S7_JOINERS (default 150), e.g. for a 100 MB document.
 */
const SIZE = {
  full: { bytes: envCount('BENCH_S7_MIB', 20) << 20, joiners: envCount('BENCH_S7_JOINERS', 150), samples: 1, timeoutMs: 300_000 },
  quick: { bytes: 2 << 20, joiners: 10, samples: 1, timeoutMs: 60_000 },
};
/** The stock y-websocket client reconnects after this long without a message. */
const CLIENT_TIMEOUT_MS = 30_000;
/** Update sizes a client uploads the document in: a raw client's 400 KB, the editor's 128 KiB. */
const UPLOADS = [
  { key: '400k', label: '400 KB', bytes: 400_000 },
  { key: '128k', label: '128 KiB', bytes: 128 << 10 },
] as const;

const size = (quick: boolean) => (quick ? SIZE.quick : SIZE.full);

let built: { quick: boolean; doc: BigDoc } | null = null;

/** Resident memory of a process right now, in bytes (Linux). */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** CPU time (user + system) a process has used so far, in seconds (Linux, clock ticks of 10 ms). */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Samples a process's RSS every 100 ms until stopped; resolves with the highest reading. */
function watchPeak(pid: number): { stop(): number } {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssOf(pid));
    } catch {
      // the process ended
    }
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/**
 * Uploads `doc` to a new document in updates of `pieceBytes` (as fast as the socket drains), then
 * asks for what the server lacks against the writer's full state (a sync step 1): the answer comes
 * once everything before it is applied (and, for Tandem, stored). Resolves with seconds taken, or
 * null when the server closed the writer or did not finish in time.
 */
async function ingest(ctx: ScenarioContext, name: string, doc: BigDoc, pieceBytes: number, keepOpen?: BenchClient[]): Promise<number | null> {
  const { wire, server } = ctx;
  const pieces = splitUpdate(doc.state, pieceBytes).map((u) => wire.update(name, u));
  let answered = 0;
  const writer = new BenchClient(wire, server.port, name, { onSynced: () => answered++ });
  await writer.opened;
  await withTimeout(writer.synced, 30_000, `${name}: the writer's handshake`);
  const before = answered;
  const t0 = performance.now();
  for (const frame of pieces) {
    if (writer.closedCode !== null) break;
    writer.send(frame);
    while (writer.buffered > 4 << 20 && writer.closedCode === null) await sleep(2);
  }
  writer.send(wire.sync(name, 0, Y.encodeStateVectorFromUpdate(doc.state)));
  try {
    await until(() => answered > before || writer.closedCode !== null, size(ctx.quick).timeoutMs, `${name}: the server to take the upload`);
  } catch (err) {
    ctx.log((err as Error).message);
    await writer.close();
    return null;
  }
  const seconds = (performance.now() - t0) / 1000;
  const closed = writer.closedCode;
  if (closed === null && keepOpen) keepOpen.push(writer);
  else await writer.close();
  if (closed !== null && answered === before) {
    ctx.fail(`S7: the server closed the writer of ${name} with ${closed} mid-upload`);
    return null;
  }
  ctx.log(`${name}: ${pieces.length} updates of ${(pieceBytes / 1024).toFixed(0)} KiB, ${(doc.state.length / 2 ** 20).toFixed(1)} MiB in ${seconds.toFixed(1)} s = ${(doc.state.length / 2 ** 20 / seconds).toFixed(2)} MiB/s`);
  return seconds;
}

/** A joiner of the storm: a raw client that only counts (or a sample holding a real Y.Doc). */
interface Joiner {
  client: BenchClient;
  doc: Y.Doc | null;
  /** Longest wait between two frames (or before the first) until it held the document, in ms. */
  longestSilence: number;
}

/**
 * S7 documents of any size (opt-in: `--only S7`): a document of about 20 MB built from the
 * automerge-paper trace (copied under many client ids) and one big paste. A writer uploads it in
 * 400 KB updates and in the editor's 128 KiB ones (ingest speed); then 150 clients join it at
 * once: time until all hold it (their sync answer complete), the longest silence any of them saw
 * (a stock y-websocket client reconnects after 30 s without a message), and the server's peak RSS
 * over its RSS before the storm. Sample joiners are real Y.Doc peers checked for the whole text.
 */
export const s7LargeDoc: Scenario = {
  id: 'S7',
  title: 'large documents: ingest and a join storm',
  once: true,
  optIn: true,
  kinds: ['tandem', 'y-websocket', 'hocuspocus'],
  async prepare(quick, log) {
    const t0 = performance.now();
    const doc = buildBigDoc(size(quick).bytes);
    built = { quick, doc };
    log(`document built: ${(doc.state.length / 2 ** 20).toFixed(1)} MiB of state, ${(doc.chars / 1e6).toFixed(1)} M characters, ${doc.copies} copies of the trace and one paste, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  },
  async run(ctx): Promise<Metric[]> {
    const { wire, server, log, fail } = ctx;
    const p = size(ctx.quick);
    const doc = built!.doc;
    const metrics: Metric[] = [];
    const mib = doc.state.length / 2 ** 20;
    // The writer of the first upload stays connected: y-websocket's server and Hocuspocus drop a
    // document when its last client leaves, so the storm joins a document someone still holds.
    const holders: BenchClient[] = [];
    for (const upload of UPLOADS) {
      const seconds = await ingest(ctx, `s7-ingest-${upload.key}`, doc, upload.bytes, upload === UPLOADS[0] ? holders : undefined);
      metrics.push({
        key: `s7.ingest.${upload.key}`,
        label: `S7 upload of the ${mib.toFixed(0)} MiB doc in ${upload.label} updates`,
        unit: 'MiB/s',
        value: seconds === null ? null : mib / seconds,
        better: 'higher',
      });
    }

    // The storm, on the document uploaded in 400 KB updates, its writer still connected.
    const name = 's7-ingest-400k';
    await sleep(500);
    const rssBefore = rssOf(server.pid);
    const cpuBefore = cpuSecondsOf(server.pid);
    const peak = watchPeak(server.pid);
    const joiners: Joiner[] = [];
    const t0 = performance.now();
    for (let i = 0; i < p.joiners; i++) {
      const sample = i < p.samples ? new Y.Doc() : null;
      const joiner: Joiner = { client: null as unknown as BenchClient, doc: sample, longestSilence: 0 };
      let last = performance.now();
      joiner.client = new BenchClient(wire, server.port, name, {
        ...(sample ? { doc: sample } : {}),
        onFrame: () => {
          const now = performance.now();
          if (!joiner.client.syncedAt) joiner.longestSilence = Math.max(joiner.longestSilence, now - last);
          last = now;
        },
      });
      joiner.client.opened.catch(() => {}); // a refused handshake (408 under load) counts as not holding it
      joiners.push(joiner);
    }
    let held = 0;
    try {
      await until(() => (held = joiners.filter((j) => j.client.syncedAt).length) === joiners.length || joiners.every((j) => j.client.syncedAt || j.client.closedCode !== null), p.timeoutMs, 'every joiner to hold the document');
    } catch (err) {
      log((err as Error).message);
    }
    held = joiners.filter((j) => j.client.syncedAt).length;
    const allMs = held === joiners.length ? Math.max(...joiners.map((j) => j.client.syncedAt)) - t0 : null;
    const peakRss = peak.stop();
    const cpuSeconds = cpuSecondsOf(server.pid) - cpuBefore;
    const each = joiners.filter((j) => j.client.syncedAt).map((j) => j.client.syncedAt - j.client.startedAt);
    const silence = Math.max(...joiners.map((j) => (j.client.syncedAt ? j.longestSilence : performance.now() - t0)));
    const timedOut = joiners.filter((j) => j.longestSilence > CLIENT_TIMEOUT_MS).length;
    const codes = new Map<number, number>();
    for (const j of joiners) if (!j.client.syncedAt && j.client.closedCode !== null) codes.set(j.client.closedCode, (codes.get(j.client.closedCode) ?? 0) + 1);
    if (codes.size > 0) log(`closed before holding it: ${[...codes].map(([code, n]) => `${n} with ${code}`).join(', ')}`);
    log(`storm: ${held} of ${joiners.length} hold the document${allMs === null ? '' : ` after ${(allMs / 1000).toFixed(1)} s`} (each ${fmt((median(each) ?? 0) / 1000, 1)} s median); longest silence ${(silence / 1000).toFixed(1)} s (${timedOut} over the stock client's 30 s); RSS ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, peak +${((peakRss - rssBefore) / 2 ** 20).toFixed(0)} MiB; server CPU ${cpuSeconds.toFixed(1)} s`);
    if (held < joiners.length) fail(`S7: ${joiners.length - held} of ${joiners.length} joiners did not hold the document within ${p.timeoutMs / 1000} s`);
    for (const j of joiners) {
      const text = j.doc?.getText('t');
      if (text && j.client.syncedAt && text.length !== doc.chars) fail(`S7: a sample joiner holds ${text.length} of ${doc.chars} characters`);
    }
    await closeAll([...holders, ...joiners.map((j) => j.client)]);
    for (const j of joiners) j.doc?.destroy();
    metrics.push(
      { key: 's7.storm.allHeld', label: `S7 ${p.joiners} joiners on the ${mib.toFixed(0)} MiB doc: all hold it`, unit: 's', value: allMs === null ? null : allMs / 1000, better: 'lower' },
      { key: 's7.storm.held', label: `S7 joiners holding it (of ${p.joiners}, within ${p.timeoutMs / 1000} s)`, unit: 'clients', value: held, better: 'higher' },
      { key: 's7.storm.silence', label: 'S7 longest silence a joiner saw before holding it', unit: 's', value: silence / 1000, better: 'lower' },
      { key: 's7.storm.peakRss', label: 'S7 server peak RSS during the storm (over before)', unit: 'MiB', value: (peakRss - rssBefore) / 2 ** 20, better: 'lower' },
      { key: 's7.storm.peakRssTotal', label: 'S7 server peak RSS during the storm', unit: 'MiB', value: peakRss / 2 ** 20, better: 'lower' },
      { key: 's7.storm.cpu', label: 'S7 server CPU time for the storm (until all hold it)', unit: 's', value: cpuSeconds, better: 'lower' },
    );
    return metrics;
  },
};
