import type { SyncHooks } from '@tandem/sync';
import { isReservedDocId } from './comments-room.js';

/**
 * `hooks` seen only by ordinary documents, not comments rooms: the version keeper keeps versions
 * of the text, and a comments room is no document of its own (its access is its document's).
 */
export function documentsOnly(hooks: SyncHooks): SyncHooks {
  const wrapped: SyncHooks = {};
  for (const [name, hook] of Object.entries(hooks) as Array<[keyof SyncHooks, ((payload: { docId: string }) => unknown) | undefined]>) {
    if (typeof hook !== 'function') continue;
    (wrapped as Record<string, unknown>)[name] = (payload: { docId: string }) => (isReservedDocId(payload.docId) ? undefined : hook.call(hooks, payload));
  }
  return wrapped;
}
