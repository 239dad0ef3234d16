/**
 * Tandem mounted into a plain node:http server under `/collab`, next to the host's own handler.
 *
 *   AUTH_SECRET=... ALLOWED_ORIGINS=https://app.example DATA_DIR=./data node server.ts
 *
 * Configuration is the server's own (README, "Configuration"), read here from the environment.
 */
import { createServer } from 'node:http';
import { createTandem } from '@tandem/server';

const tandem = await createTandem({ basePath: '/collab', env: process.env });

// tandem.serverOptions drops clients that are slow to send their headers (HANDSHAKE_TIMEOUT_MS).
const server = createServer(tandem.serverOptions, (req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  if (path === tandem.basePath || path.startsWith(`${tandem.basePath}/`)) return tandem.listener(req, res);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end('the host app: its own pages, with Tandem under /collab');
});
server.on('upgrade', (request, socket, head) => {
  if (tandem.handlesUpgrade(request)) tandem.upgrade(request, socket, head);
  else socket.destroy();
});
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ event: 'example.listening', port: typeof address === 'object' && address ? address.port : null }));
});

process.once('SIGTERM', () => {
  server.close();
  void tandem.close().then(() => process.exit(0));
});
