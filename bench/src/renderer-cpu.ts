import type { CDPSession, Page } from 'playwright-core';

/** A trace event, as much of it as the sum needs. */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * Main-thread CPU time of a page's renderer over a stretch of work, from a Chromium trace: the
 * thread time (not wall time) of every top-level task on `CrRendererMain`. Unlike a frame's wall
 * time it hardly moves with the load of a shared machine (time waiting for a core is not counted),
 * so it tells what a keystroke costs. Tracing starts at the call; `stop()` returns milliseconds.
 */
export async function rendererCpu(page: Page): Promise<{ stop(): Promise<number> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', '__metadata'] }, transferMode: 'ReturnAsStream' });
  return {
    async stop() {
      const done = new Promise<{ stream?: string }>((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      const { stream } = await done;
      let data = '';
      for (;;) {
        const chunk = await cdp.send('IO.read', { handle: stream! });
        data += chunk.data;
        if (chunk.eof) break;
      }
      await cdp.send('IO.close', { handle: stream! });
      await cdp.detach();
      const parsed = JSON.parse(data) as TraceEvent[] | { traceEvents: TraceEvent[] };
      const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
      const mainThreads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
      const perThread = new Map<string, number>();
      for (const e of events) {
        const thread = `${e.pid}:${e.tid}`;
        if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || !mainThreads.has(thread)) continue;
        perThread.set(thread, (perThread.get(thread) ?? 0) + (e.tdur ?? 0));
      }
      // the busiest renderer is the page that typed (others open in the browser sit idle)
      return Math.max(0, ...perThread.values()) / 1000;
    },
  };
}
