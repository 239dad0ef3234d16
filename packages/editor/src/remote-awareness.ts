import type { Awareness } from 'y-protocols/awareness';

type Changes = { added: number[]; updated: number[]; removed: number[] };
type Listener = (changes: Changes, origin: unknown) => void;

/**
 * The same awareness, except that its `change` listeners only hear changes that involve another
 * client. For y-prosemirror's cursor plugin: it draws the others' cursors only, yet redraws
 * (one more ProseMirror transaction, every plugin view again) on each change of the local
 * cursor, that is on every keystroke; in a 5,000-block document that second round costs several
 * milliseconds a key. Everything else (states, `setLocalStateField`, other events) is the
 * awareness itself.
 */
export function othersOnly(awareness: Awareness): Awareness {
  const wrapped = new WeakMap<Listener, Listener>();
  const own = awareness.clientID;
  const onlyOwn = ({ added, updated, removed }: Changes) =>
    [added, updated, removed].every((ids) => ids.every((id) => id === own));
  return new Proxy(awareness, {
    get(target, prop) {
      if (prop === 'on' || prop === 'off') {
        return (name: string, fn: Listener) => {
          if (name !== 'change') return (target[prop] as (n: string, f: Listener) => void)(name, fn);
          if (prop === 'on') {
            const filtered: Listener = (changes, origin) => {
              if (!onlyOwn(changes)) fn(changes, origin);
            };
            wrapped.set(fn, filtered);
            target.on('change', filtered);
          } else {
            target.off('change', wrapped.get(fn) ?? fn);
          }
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
