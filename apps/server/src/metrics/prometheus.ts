/** One metric that can write itself in the Prometheus text exposition format (version 0.0.4). */
export interface Metric {
  render(): string;
}

const header = (name: string, help: string, type: string) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
const num = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : '-Inf');

/** A number that only goes up (messages, bytes). */
export class Counter implements Metric {
  private value = 0;
  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}
  inc(by = 1): void {
    this.value += by;
  }
  get(): number {
    return this.value;
  }
  render(): string {
    return `${header(this.name, this.help, 'counter')}${this.name} ${num(this.value)}\n`;
  }
}

/**
 * A number read when scraped (connections, loaded documents), or a count kept elsewhere
 * (`type: 'counter'`); `labels` are fixed, e.g. `{node="a"}`.
 */
export class Gauge implements Metric {
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly read: () => number,
    private readonly shape: { labels?: string; type?: 'gauge' | 'counter' } = {},
  ) {}
  render(): string {
    const { labels = '', type = 'gauge' } = this.shape;
    return `${header(this.name, this.help, type)}${this.name}${labels} ${num(this.read())}\n`;
  }
}

/** Observations counted into cumulative buckets (latencies, in seconds). */
export class Histogram implements Metric {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[],
  ) {
    this.counts = buckets.map(() => 0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count++;
    this.buckets.forEach((le, i) => {
      if (value <= le) this.counts[i]!++;
    });
  }
  render(): string {
    const lines = this.buckets.map((le, i) => `${this.name}_bucket{le="${le}"} ${this.counts[i]}`);
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
    return `${header(this.name, this.help, 'histogram')}${lines.join('\n')}\n`;
  }
}

/** Renders metrics one after another: the body of `GET /metrics`. */
export function renderMetrics(metrics: readonly Metric[]): string {
  return metrics.map((m) => m.render()).join('');
}
