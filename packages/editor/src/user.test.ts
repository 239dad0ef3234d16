import { describe, expect, it } from 'vitest';
import { USER_COLORS } from './user.js';

/** WCAG relative luminance of a #rrggbb colour. */
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};

describe('user colours', () => {
  it('each reach 4.5:1 against their white labels, and are distinct', () => {
    for (const color of USER_COLORS) expect(1.05 / (luminance(color) + 0.05), color).toBeGreaterThanOrEqual(4.5);
    expect(new Set(USER_COLORS).size).toBe(USER_COLORS.length);
  });
});
