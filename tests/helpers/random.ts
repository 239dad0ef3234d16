/** A small seeded PRNG (mulberry32) so random tests are reproducible from the printed seed. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    /** A float in [0, 1). */
    next,
    /** An integer in [0, n). */
    int: (n: number) => Math.floor(next() * n),
    /** One element of `items`. */
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    /** `n` random bytes. */
    bytes: (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)),
    /** A lowercase word of 1-8 letters. */
    word: () => Array.from({ length: 1 + Math.floor(next() * 8) }, () => String.fromCharCode(97 + Math.floor(next() * 26))).join(''),
  };
}

/** A seeded random source made by createRandom. */
export type Random = ReturnType<typeof createRandom>;

/** The seed for a random test: `SEED` from the environment, or a fresh one. */
export function testSeed(): number {
  return process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31);
}
