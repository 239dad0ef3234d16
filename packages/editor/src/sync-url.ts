/**
 * The y-websocket base URL (`ws(s)://host/.../sync`) for a Tandem server given as a user copies it
 * from the address bar (`https://docs.example.com`, `http://localhost:1234`); wss for https.
 * A ws(s) URL is accepted too. Throws RangeError for anything that is not such a URL.
 */
export function syncUrl(server: string): string {
  let url: URL;
  try {
    url = new URL(server.trim());
  } catch {
    throw new RangeError(`server must be an http(s) or ws(s) URL, got ${JSON.stringify(server)}`);
  }
  if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new RangeError(`server must be an http(s) or ws(s) URL, got ${JSON.stringify(server)}`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path.endsWith('/sync') ? path : `${path}/sync`}`;
}
