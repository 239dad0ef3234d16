import { isValidDocId } from '@tandem/document';

/** The one document-id rule (1-128 of [A-Za-z0-9._-], not only dots), from @tandem/document. */
export { isValidDocId };

/** A new unguessable document id: 128 random bits, base64url (22 characters). */
export function newDocId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The document id in what a user pasted: a bare id or any link containing `/d/<id>`. */
export function parseDocInput(input: string): string | null {
  const text = input.trim();
  const fromLink = /\/d\/([^/?#\s]+)/.exec(text)?.[1];
  let id = fromLink ?? text;
  try {
    id = decodeURIComponent(id);
  } catch {
    return null;
  }
  return isValidDocId(id) ? id : null;
}
