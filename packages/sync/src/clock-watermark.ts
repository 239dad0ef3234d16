const monotonicNow = (): number => performance.now();

/**
 * Tracks which store clocks of one document are in memory: `through` is the highest clock such
 * that every update up to it has been applied. Updates stored by other nodes may arrive out of
 * order; those above a hole wait in `ahead` until the hole is filled, or a catch-up from the store
 * jumps past it.
 */
export class ClockWatermark {
  /** Allocated on first use: on one node every clock arrives in order. */
  private ahead: Set<number> | null = null;
  /** When the oldest unfilled hole was first seen (ms, performance.now), or null when none. */
  private holeSince: number | null = null;

  constructor(
    /** Every update with a clock up to this one is applied. */
    public through = 0,
    private readonly now: () => number = monotonicNow,
  ) {}

  /** Records that the updates with clocks `first` through `last` are applied. */
  add(first: number, last = first): void {
    if (first <= this.through + 1 && !this.ahead?.size) {
      this.through = Math.max(this.through, last); // the usual case: the next clocks, nothing waiting
      return;
    }
    const ahead = (this.ahead ??= new Set());
    for (let c = Math.max(first, this.through + 1); c <= last; c++) ahead.add(c);
    this.advance();
  }

  /** Everything up to `clock` is applied (e.g. after loading the document from the store). */
  jumpTo(clock: number): void {
    if (clock <= this.through) return;
    this.through = clock;
    if (this.ahead) for (const c of this.ahead) if (c <= clock) this.ahead.delete(c);
    this.advance();
  }

  /** The highest clock seen so far, applied or not. */
  get highest(): number {
    let max = this.through;
    if (this.ahead) for (const c of this.ahead) if (c > max) max = c;
    return max;
  }

  /** How long (ms) a hole below a received clock has stayed open, or 0 when there is none. */
  holeAge(): number {
    return this.holeSince === null ? 0 : this.now() - this.holeSince;
  }

  private advance(): void {
    while (this.ahead?.delete(this.through + 1)) this.through++;
    if (!this.ahead?.size) this.holeSince = null;
    else this.holeSince ??= this.now();
  }
}
