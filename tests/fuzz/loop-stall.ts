/** What a stall monitor measured. */
export interface StallReport {
  /** Longest gap between two ticks, wall clock, ms (includes time the OS did not run us). */
  worstWallMs: number;
  /** Most CPU the process spent between two ticks, ms: how long the event loop was really busy. */
  worstBusyMs: number;
  ticks: number;
}

/**
 * Measures event-loop stalls with a fast timer, like perf_hooks' monitorEventLoopDelay, but also
 * in CPU time: on a shared, overloaded machine a wall-clock gap can come from the OS running other
 * processes, while CPU spent between two ticks is work that really blocked this loop.
 */
export function monitorLoopStalls(intervalMs = 5): { stop(): StallReport } {
  let lastWall = performance.now();
  let lastCpu = process.cpuUsage();
  const report: StallReport = { worstWallMs: 0, worstBusyMs: 0, ticks: 0 };
  const timer = setInterval(() => {
    const wall = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    report.worstWallMs = Math.max(report.worstWallMs, wall - lastWall - intervalMs);
    report.worstBusyMs = Math.max(report.worstBusyMs, (cpu.user + cpu.system) / 1000);
    report.ticks++;
    lastWall = wall;
    lastCpu = process.cpuUsage();
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return report;
    },
  };
}
