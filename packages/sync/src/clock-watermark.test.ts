import { describe, expect, it } from 'vitest';
import { ClockWatermark } from './clock-watermark.js';

describe('ClockWatermark', () => {
  it('advances over contiguous clocks and waits at a hole', () => {
    let t = 0;
    const w = new ClockWatermark(3, () => t);
    w.add(4, 5);
    expect(w.through).toBe(5);
    w.add(7);
    expect(w.through).toBe(5);
    expect(w.highest).toBe(7);
    t = 250;
    expect(w.holeAge()).toBe(250);
    w.add(6);
    expect(w.through).toBe(7);
    expect(w.holeAge()).toBe(0);
  });

  it('ignores clocks it already has and jumps past a hole on catch-up', () => {
    const w = new ClockWatermark(10);
    w.add(2, 9);
    expect(w.through).toBe(10);
    w.add(13);
    w.add(15);
    w.jumpTo(13);
    expect(w.through).toBe(13);
    w.add(14);
    expect(w.through).toBe(15);
    expect(w.holeAge()).toBe(0);
  });
});
