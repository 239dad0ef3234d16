/** A progress bar on a terminal, or one line per step elsewhere (CI logs, files). */
export function createProgress(total: number, label: string, out: NodeJS.WriteStream = process.stderr) {
  let done = 0;
  const tty = Boolean(out.isTTY);
  const draw = (note: string) => {
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`;
    if (tty) out.write(`\r${bar} ${note}`.padEnd(out.columns ?? 100).slice(0, (out.columns ?? 100) - 1));
    else out.write(`${bar} ${note}\n`);
  };
  return {
    /** Counts one finished item. */
    tick(note: string) {
      done++;
      draw(note);
    },
    /** Ends the bar's line. */
    finish() {
      if (tty) out.write('\n');
    },
  };
}
