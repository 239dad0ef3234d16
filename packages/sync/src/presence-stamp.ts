/**
 * Returns an awareness state (JSON text) with `user.name` set to `name`: the server stamps the
 * name from a connection's token so a client cannot present itself as someone else. A removal
 * (`null`) or a state that is not a JSON object is returned unchanged.
 */
export function stampPresenceName(state: string, name: string): string {
  if (state === 'null') return state;
  let value: unknown;
  try {
    value = JSON.parse(state);
  } catch {
    return state;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return state;
  const record = value as Record<string, unknown>;
  const user = record.user && typeof record.user === 'object' && !Array.isArray(record.user) ? record.user : {};
  return JSON.stringify({ ...record, user: { ...user, name } });
}
