/**
 * Hocuspocus (`@hocuspocus/server` 4.7.0) with its defaults and no
 * extensions: documents in memory, unloaded when the last connection leaves.
 */
import type { AddressInfo } from 'node:net';
import { Server } from '@hocuspocus/server';
import { announceListening } from './announce.js';

const server = new Server({ port: Number(process.env.PORT ?? 0), address: '127.0.0.1', quiet: true, stopOnSignals: true });
await server.listen();
announceListening((server.httpServer.address() as AddressInfo).port);
