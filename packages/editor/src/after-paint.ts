/**
 * Runs work after the next frame is painted, coalesced: for what must follow a keystroke but need
 * not delay its frame (toolbar states, counters). `schedule()` asks for one run (more calls before
 * it add nothing); `cancel()` drops a pending one. Falls back to a timer where there are no frames.
 */
export function afterPaint(win: (Window & typeof globalThis) | null, run: () => void): { schedule(): void; cancel(): void } {
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = false;
  const fire = () => {
    timer = undefined;
    pending = false;
    run();
  };
  return {
    schedule() {
      if (pending) return;
      pending = true;
      // a frame callback runs just before the paint; a timer set from it runs just after
      if (win?.requestAnimationFrame) frame = win.requestAnimationFrame(() => (timer = setTimeout(fire, 0)));
      else timer = setTimeout(fire, 0);
    },
    cancel() {
      if (frame) win?.cancelAnimationFrame(frame);
      clearTimeout(timer);
      frame = 0;
      pending = false;
    },
  };
}
