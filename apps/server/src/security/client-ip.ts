/** `::ffff:1.2.3.4` and `1.2.3.4` are the same client. */
function normalise(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/**
 * The client's IP address: the socket's peer, unless that peer is one of `trustedProxies`; then
 * `X-Forwarded-For` is read from the right, skipping trusted proxies, and the first other address
 * is the client. Addresses a client wrote itself (left of the last untrusted hop) are never used.
 */
export function clientIp(remoteAddress: string | undefined, forwardedFor: string | undefined, trustedProxies: readonly string[]): string {
  const peer = normalise(remoteAddress ?? 'unknown');
  if (trustedProxies.length === 0 || !forwardedFor) return peer;
  const trusted = new Set(trustedProxies.map(normalise));
  if (!trusted.has(peer)) return peer;
  const hops = forwardedFor
    .split(',')
    .map((h) => normalise(h.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trusted.has(hops[i]!)) return hops[i]!;
  }
  return hops[0] ?? peer;
}
