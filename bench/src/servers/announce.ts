/** The line every bench server runner prints once it listens, so the harness learns its port. */
export function announceListening(port: number): void {
  process.stdout.write(`BENCH_LISTENING ${port}\n`);
}
