/**
 * What a writer types or pastes as a link address, made into the href the document stores: the
 * one rule of the toolbar's link field, the link bubble's edit field and URL paste.
 */

/** Schemes a link may use; anything else (`javascript:`, `data:`, `file:`, ...) is refused. */
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);
const EMAIL = /^[^\s@/:?#]+@[^\s@/:?#]+\.[a-z]{2,}$/i;
/** A host name with a dot (`example.com`, `www.example.org`), `localhost`, or an IPv4 address, optionally with a port. */
const HOST = /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}]{2,}|\[[0-9a-f:]+\])(?::\d{1,5})?$/iu;

/**
 * The href for `input`, or null when it is not a link address a reader may follow.
 * `https://...`, `http://...` and `mailto:...` stay as typed; `example.com/page` and
 * `//example.com` get `https://`; `ada@example.com` gets `mailto:`; `/path` and `#anchor` stay
 * relative. Refused: empty input, spaces inside, other schemes (`javascript:`, `data:`), and
 * words that are no host (`hello`).
 */
export function normalizeLink(input: string): string | null {
  const text = input.trim();
  if (!text || /\s/.test(text)) return null;
  if (text.startsWith('#') || (text.startsWith('/') && !text.startsWith('//'))) return text;
  // a scheme, unless what precedes the colon is a host with a port (localhost:3000/x)
  const scheme = /^([a-z][a-z0-9+.-]*):(?!\d)/i.exec(text);
  if (scheme) {
    if (!ALLOWED_SCHEMES.has(scheme[1]!.toLowerCase())) return null;
    if (scheme[1]!.toLowerCase() === 'mailto') return EMAIL.test(text.slice(7).split('?')[0]!) ? text : null;
    return parsesWithHost(text) ? text : null;
  }
  if (EMAIL.test(text)) return `mailto:${text}`;
  const withScheme = text.startsWith('//') ? `https:${text}` : `https://${text}`;
  const host = withScheme.slice(8).split(/[/?#]/, 1)[0]!;
  return HOST.test(host) && parsesWithHost(withScheme) ? withScheme : null;
}

/** Whether a pasted text is a link address on its own, to link a selection instead of replacing it. */
export function isPastedUrl(text: string): boolean {
  const t = text.trim();
  return /^(?:https?:\/\/|mailto:|www\.)\S+$/i.test(t) && normalizeLink(t) !== null;
}

function parsesWithHost(href: string): boolean {
  try {
    return new URL(href).hostname !== '';
  } catch {
    return false;
  }
}
