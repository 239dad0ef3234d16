import { request } from 'node:http';

/**
 * POSTs a body the server is expected to refuse before reading it (413 on its Content-Length) and
 * resolves with the status as soon as the answer arrives. fetch can instead fail with "other side
 * closed": the server answers, drains the rest for a moment, then closes the socket, and on a busy
 * machine the client may still be writing then. A browser or curl shows the 413; so does this.
 */
export function postOversized(url: string, body: Uint8Array | string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: 'POST', headers: { 'content-length': String(bytes.length), ...headers } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (err) => {
      if (!answered) reject(err); // a write cut short after the answer is what we expect
    });
    req.end(bytes);
  });
}
