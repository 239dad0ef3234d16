/** Who is editing, as shown to the others beside their cursor and in the list of people present. */
export interface EditorUser {
  /** Display name. */
  name: string;
  /** CSS colour of the cursor and avatar; derived from the name when omitted. */
  color?: string;
}

/** Ten distinct colours, each at least 4.5:1 against the white text of its cursor label and avatar (WCAG AA). */
export const USER_COLORS = [
  '#c92a2a', '#c2410c', '#b35309', '#1e7a34', '#0b7285', '#1971c2', '#3b5bdb', '#7048e8', '#9c36b5', '#c2255c',
] as const;

/** A stable colour for `seed` (a user id or name): the same seed always gets the same colour. */
export function colorFor(seed: string): string {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return USER_COLORS[(hash >>> 0) % USER_COLORS.length]!;
}

/** The user with a colour filled in and the name trimmed to something displayable. */
export function normalizeUser(user: EditorUser | undefined): Required<EditorUser> {
  const name = (user?.name ?? '').trim().slice(0, 60) || 'Anonymous';
  const color = user?.color && /^#[0-9a-f]{3,8}$|^[a-z]+$|^(rgb|hsl)a?\([^;{}]*\)$/i.test(user.color) ? user.color : colorFor(name);
  return { name, color };
}

/** One or two letters for an avatar. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0]![0]! + parts[parts.length - 1]![0]! : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}
