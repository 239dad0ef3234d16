import { colorFor } from '@tandem/editor';

/** The person using this browser, remembered in localStorage. */
export interface Identity {
  /** Random id, stable per browser; the colour derives from it. */
  id: string;
  name: string;
  color: string;
}

const KEY = 'tandem.identity';
const ADJECTIVES = ['Amber', 'Brisk', 'Calm', 'Clever', 'Gentle', 'Lucky', 'Merry', 'Quiet', 'Swift', 'Witty'];
const ANIMALS = ['Badger', 'Heron', 'Lynx', 'Otter', 'Owl', 'Panda', 'Robin', 'Seal', 'Tiger', 'Wren'];

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

/** Reads the stored identity, creating one with a friendly random name on first use. */
export function loadIdentity(storage: Storage = localStorage): Identity {
  let saved: Partial<Identity> = {};
  try {
    saved = JSON.parse(storage.getItem(KEY) ?? '{}') as Partial<Identity>;
  } catch {
    // a damaged entry is replaced below
  }
  const id = typeof saved.id === 'string' && saved.id ? saved.id : crypto.randomUUID();
  const name = typeof saved.name === 'string' && saved.name.trim() ? saved.name.trim() : `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
  const identity = { id, name, color: colorFor(id) };
  storage.setItem(KEY, JSON.stringify({ id, name }));
  return identity;
}

/** Remembers a new display name; returns the updated identity. */
export function saveName(name: string, storage: Storage = localStorage): Identity {
  const current = loadIdentity(storage);
  const next = name.trim().slice(0, 60) || current.name;
  storage.setItem(KEY, JSON.stringify({ id: current.id, name: next }));
  return { ...current, name: next };
}
