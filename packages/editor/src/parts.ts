/**
 * Names the editor's main pieces for the host page's CSS: `tandem-editor::part(toolbar)` and so
 * on (`editor`, `toolbar`, `status`, `presence`, `word-count`, `surface`, `content`).
 */
export function exposeParts(parts: Record<string, Element>): void {
  for (const [name, el] of Object.entries(parts)) el.setAttribute('part', name);
}
