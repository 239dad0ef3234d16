import { describe, expect, it } from 'vitest';
import { Counter, Gauge, Histogram, renderMetrics } from './prometheus.js';

describe('Prometheus text format', () => {
  it('renders counters, gauges and cumulative histogram buckets', () => {
    const c = new Counter('x_total', 'Things.');
    c.inc();
    c.inc(2);
    const g = new Gauge('y', 'Now.', () => 7, { labels: '{node="a"}' });
    const h = new Histogram('z_seconds', 'Latency.', [0.1, 1]);
    for (const v of [0.05, 0.5, 0.7, 3]) h.observe(v);
    expect(renderMetrics([c, g, h])).toBe(
      [
        '# HELP x_total Things.',
        '# TYPE x_total counter',
        'x_total 3',
        '# HELP y Now.',
        '# TYPE y gauge',
        'y{node="a"} 7',
        '# HELP z_seconds Latency.',
        '# TYPE z_seconds histogram',
        'z_seconds_bucket{le="0.1"} 1',
        'z_seconds_bucket{le="1"} 3',
        'z_seconds_bucket{le="+Inf"} 4',
        'z_seconds_sum 4.25',
        'z_seconds_count 4',
        '',
      ].join('\n'),
    );
  });
});
