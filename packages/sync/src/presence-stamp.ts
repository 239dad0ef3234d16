/** Longest presence name shown to collaborators; longer ones are cut. */
export const MAX_PRESENCE_NAME = 64;

/**
 * Returns an awareness state (JSON text) with `user.name` set to `name`: the server stamps the
 * name from a connection's token so a client cannot present itself as someone else. Without a
 * `name`, a `user.name` the client chose longer than MAX_PRESENCE_NAME is cut. A removal (`null`)
 * or a state that is not a JSON object is returned unchanged.
 */
export function stampPresenceName(state: string, name: string | null): string {
  if (state === 'null') return state;
  if (name === null && !state.includes('"name"')) return state; // nothing to stamp or cut: skip the parse
  let value: unknown;
  try {
    value = JSON.parse(state);
  } catch {
    return state;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return state;
  const record = value as Record<string, unknown>;
  const user = (record.user && typeof record.user === 'object' && !Array.isArray(record.user) ? record.user : {}) as Record<string, unknown>;
  if (name === null) {
    if (typeof user.name !== 'string' || user.name.length <= MAX_PRESENCE_NAME) return state;
    return JSON.stringify({ ...record, user: { ...user, name: user.name.slice(0, MAX_PRESENCE_NAME) } });
  }
  return JSON.stringify({ ...record, user: { ...user, name: name.slice(0, MAX_PRESENCE_NAME) } });
}
