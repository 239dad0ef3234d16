/**
 * Runs operations on one key one at a time (in this process), so a delete never removes bytes a
 * put of the same content is referencing at that moment. `idle()` resolves when nothing runs.
 */
export function createKeyLock() {
  const locks = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const prev = locks.get(key) ?? Promise.resolve();
      const run = prev.then(fn, fn);
      const tail = run.catch(() => {});
      locks.set(key, tail);
      void tail.then(() => {
        if (locks.get(key) === tail) locks.delete(key);
      });
      return run;
    },
    idle: () => Promise.all(locks.values()).then(() => {}),
  };
}
