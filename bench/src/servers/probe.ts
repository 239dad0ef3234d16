/**
 * Preloaded into every server process (`node --expose-gc --import probe.js`): over the IPC channel
 * the harness asks for a reading and gets the heap after a full GC, the RSS, the CPU time so far
 * and the p99 event-loop delay since the previous reading.
 * It does nothing else, so it costs the server nothing between readings.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const gc = (globalThis as { gc?: () => void }).gc;
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

/** One reading of a server process. */
export interface ProbeReading {
  heapUsed: number;
  external: number;
  rss: number;
  cpuMicros: number;
  /** p99 of the event loop's delay since the previous reading, in ms. */
  loopDelayP99: number;
}

if (process.send) {
  process.on('message', (msg: { type?: string; id?: number }) => {
    if (msg?.type !== 'probe') return;
    if (gc) {
      gc();
      gc();
    }
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    const reading: ProbeReading = {
      heapUsed: mem.heapUsed,
      external: mem.external,
      rss: mem.rss,
      cpuMicros: cpu.user + cpu.system,
      loopDelayP99: loopDelay.percentile(99) / 1e6,
    };
    loopDelay.reset();
    process.send!({ type: 'probe', id: msg.id, reading });
  });
  // The IPC channel must not keep a server alive after the harness is gone.
  process.channel?.unref();
  process.on('disconnect', () => process.exit(0));
}
