// A Tandem server in its own process, for the fuzz test: the built @tandem/server (run `pnpm build`
// first; `pnpm test` does), plus an event-loop stall monitor that reports over IPC. Keeping the
// server alone in its process means the stall measured is the server's, not the test clients'.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseConfig, startServer } from '@tandem/server';

const config = parseConfig(process.env);
const events = {};
const count = (event) => (events[event] = (events[event] ?? 0) + 1);
const logger = { debug() {}, info() {}, warn: count, error: count };
const server = await startServer(config, { logger });

const delay = monitorEventLoopDelay({ resolution: 5 });

// CPU time of the main thread (the event loop) in ms. Linux's schedstat counts only the time this
// thread really ran, so neither other processes on an overloaded machine nor V8's helper threads
// count; elsewhere, fall back to the whole process's CPU time.
const schedstat = `/proc/self/task/${process.pid}/schedstat`;
const loopCpuMs = (() => {
  try {
    readFileSync(schedstat, 'latin1');
    return () => Number(readFileSync(schedstat, 'latin1').split(' ')[0]) / 1e6;
  } catch {
    return () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
  }
})();

let worstBusyMs = 0;
let last = loopCpuMs();
const timer = setInterval(() => {
  // CPU the event loop spent between two ticks: how long it was really blocked.
  const now = loopCpuMs();
  worstBusyMs = Math.max(worstBusyMs, now - last);
  last = now;
}, 5);

process.on('message', async (message) => {
  if (message === 'measure') {
    delay.reset();
    worstBusyMs = 0;
    last = loopCpuMs();
    delay.enable();
    process.send({ type: 'measuring' });
  } else if (message === 'report') {
    delay.disable();
    process.send({
      type: 'report',
      worstBusyMs,
      worstWallMs: delay.max / 1e6,
      p99WallMs: delay.percentile(99) / 1e6,
      events,
      stats: server.sync.stats(),
    });
  } else if (message === 'stop') {
    clearInterval(timer);
    await server.close();
    process.send({ type: 'stopped' });
    process.exit(0);
  }
});
process.send({ type: 'ready', port: server.port });
