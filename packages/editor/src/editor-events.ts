import type { Presence } from './presence.js';
import type { EditorStatus } from './status.js';

/** A change of the document's content: who made it and where it is in the new document. */
export interface ContentChange {
  /** True when this editor made it, false when it came from the server (another person, a REST write). */
  local: boolean;
  /** The changed range in the new document (ProseMirror positions; `from === to` for a pure deletion). */
  from: number;
  to: number;
}

/** Something went wrong that the page may want to show or report. */
export interface EditorError {
  /** `upload` (a file could not be uploaded), `access` (the server refused: see `status.state`), `token` (the token function failed), `start`. */
  kind: 'upload' | 'access' | 'token' | 'start';
  message: string;
}

/** The editor's events and what each carries. */
export interface EditorEventMap {
  change: ContentChange;
  status: EditorStatus;
  presence: Presence[];
  error: EditorError;
}

export type EditorEventName = keyof EditorEventMap;

/** The handle's `on(event, fn)`: a listener that throws is reported to the console, never to the editor. */
export class EditorEvents {
  private readonly listeners = new Map<EditorEventName, Set<(payload: never) => void>>();

  on<K extends EditorEventName>(name: K, fn: (payload: EditorEventMap[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(fn as (payload: never) => void);
    return () => void set.delete(fn as (payload: never) => void);
  }

  emit<K extends EditorEventName>(name: K, payload: EditorEventMap[K]): void {
    for (const fn of this.listeners.get(name) ?? []) {
      try {
        (fn as (p: EditorEventMap[K]) => void)(payload);
      } catch (err) {
        console.error(`tandem editor: a "${name}" listener threw`, err);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
