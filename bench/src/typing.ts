import * as Y from 'yjs';

let nextClientId = 1_000_000 + Math.floor(Math.random() * 1_000_000);

/** A fresh Yjs client id, unique within this bench run. */
export function freshClientId(): number {
  return nextClientId++;
}

/**
 * A typist's updates, encoded before the timed part: update i inserts one character at the end of
 * the typist's own text and has clock i, so every update is one clock long.
 */
export function typingUpdates(clientId: number, count: number): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const text = doc.getText('t');
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) text.insert(text.length, String.fromCharCode(97 + (i % 26)));
  doc.destroy();
  return updates;
}

/** The text a typist from typingUpdates() has typed after `n` updates. */
export function typingText(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(97 + (i % 26));
  return s;
}
