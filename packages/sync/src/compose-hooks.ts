import type { ConnectDecision, SyncHooks } from './hooks.js';

/**
 * Combines several hook sets into one, so features (access control, versions, cluster relay)
 * each bring their own. `beforeConnect` runs in order and a connection is read-only when any says
 * so; `onLoad` runs in order, awaited; notifications reach every set.
 */
export function composeHooks(...sets: SyncHooks[]): SyncHooks {
  return {
    async beforeConnect(payload) {
      const decision: ConnectDecision = {};
      for (const set of sets) {
        const d = await set.beforeConnect?.(payload);
        if (d?.readOnly) decision.readOnly = true;
      }
      return decision;
    },
    async onLoad(payload) {
      for (const set of sets) await set.onLoad?.(payload);
    },
    onChange(payload) {
      for (const set of sets) set.onChange?.(payload);
    },
    onDisconnect(payload) {
      for (const set of sets) set.onDisconnect?.(payload);
    },
    onAwareness(payload) {
      for (const set of sets) set.onAwareness?.(payload);
    },
    onUnload(payload) {
      for (const set of sets) set.onUnload?.(payload);
    },
    onEvict(payload) {
      for (const set of sets) set.onEvict?.(payload);
    },
  };
}
