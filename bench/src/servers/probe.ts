/**
 * Preloaded into every server process (`node --expose-gc --import probe.js`): over the IPC channel
 * the harness asks for a reading and gets the heap after a full GC, the RSS and the CPU time so far.
 * It does nothing else, so it costs the server nothing between readings.
 */
const gc = (globalThis as { gc?: () => void }).gc;

/** One reading of a server process. */
export interface ProbeReading {
  heapUsed: number;
  external: number;
  rss: number;
  cpuMicros: number;
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
    const reading: ProbeReading = { heapUsed: mem.heapUsed, external: mem.external, rss: mem.rss, cpuMicros: cpu.user + cpu.system };
    process.send!({ type: 'probe', id: msg.id, reading });
  });
  // The IPC channel must not keep a server alive after the harness is gone.
  process.channel?.unref();
  process.on('disconnect', () => process.exit(0));
}
