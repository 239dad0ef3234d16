import type { RoomMember, SyncHooks } from '@tandem/sync';
import type { Actor, ServerEvents } from './server-events.js';

/**
 * Who a sync connection is, from what the socket link attached to it (see SyncSocketLink):
 * a token's claims (they carry `exp`), a signed-in person (`sub`, `name`), or nothing known.
 */
export function sessionActor(session: RoomMember | null): Actor {
  if (!session) return { kind: 'system' };
  const context = session.context as { sub?: unknown; name?: unknown; exp?: unknown } | null;
  if (!context) return { kind: 'anonymous' };
  const actor: Actor = { kind: typeof context.exp === 'number' ? 'token' : 'account' };
  if (typeof context.sub === 'string' && context.sub) actor.id = context.sub;
  if (typeof context.name === 'string' && context.name) actor.name = context.name;
  return actor;
}

/**
 * Sync hooks that announce stored changes on the bus: `document.changed` for every update this
 * node stored (relayed ones from other nodes are theirs to announce), and `document.created` when
 * a client's update is the first a document ever stored (clock 1). Server-made first changes are
 * the creating route's to announce (POST /api/docs, import), with the caller as actor.
 */
export function syncEventHooks(events: ServerEvents): SyncHooks {
  return {
    onChange({ docId, session, clock }) {
      const actor = sessionActor(session);
      if (clock === 1 && session) events.emit({ type: 'document.created', docId, actor, data: { source: 'sync' } });
      events.emit({ type: 'document.changed', docId, actor, data: { clock } });
    },
  };
}
