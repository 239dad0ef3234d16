import * as Y from 'yjs';
import type { DecodedUpdate } from './update-plan.js';

/**
 * Which writer owns each Yjs client id of a document, for the room's life: the identity (token
 * subject, user id) whose connection first wrote new structs under it. Yjs lets any writer forge
 * structs under any client id; forging a victim's next clocks (say, a GC) makes the victim's own
 * edits overlap them and be refused from then on. An identity may write new structs only under
 * client ids it owns or that nobody owns yet, at most `maxPerIdentity` of them. A connection
 * without an identity (an open server) owns its ids only while it is connected (`release`).
 */
export class ClientOwners {
  private readonly owners = new Map<number, string>();
  private readonly byIdentity = new Map<string, Set<number>>();

  constructor(private readonly maxPerIdentity: number) {}

  /**
   * The client ids of `decoded` that write past what `doc` holds and that `identity` does not own
   * yet; throws a message when one is owned by another identity or the identity owns too many.
   */
  check(doc: Y.Doc, decoded: DecodedUpdate, identity: string): number[] {
    const claims: number[] = [];
    for (const struct of decoded.structs) {
      if (struct instanceof Y.Skip) continue;
      const { client, clock } = struct.id;
      if (clock + struct.length <= Y.getState(doc.store, client)) continue; // known already: Yjs skips it
      const owner = this.owners.get(client);
      if (owner === identity || claims.includes(client)) continue;
      if (owner !== undefined) throw new Error('update writes under a client id another writer uses');
      claims.push(client);
    }
    if (claims.length && (this.byIdentity.get(identity)?.size ?? 0) + claims.length > this.maxPerIdentity) {
      throw new Error('update writes under too many client ids');
    }
    return claims;
  }

  /** Records that `identity` now owns `clients` (after its update was accepted). */
  claim(clients: readonly number[], identity: string): void {
    for (const client of clients) {
      if (this.owners.has(client)) continue;
      this.owners.set(client, identity);
      let owned = this.byIdentity.get(identity);
      if (!owned) this.byIdentity.set(identity, (owned = new Set()));
      owned.add(client);
    }
  }

  /** Frees the client ids `identity` owns (an anonymous connection left). */
  release(identity: string): void {
    for (const client of this.byIdentity.get(identity) ?? []) this.owners.delete(client);
    this.byIdentity.delete(identity);
  }
}
