import type { Connection } from '@tandem/sync';
import type { WebSocket } from 'ws';

/** Adapts a `ws` socket to the sync core's Connection. */
export function wsConnection(socket: WebSocket): Connection {
  return {
    send(frame) {
      socket.send(frame, { binary: true });
    },
    close(code, reason) {
      socket.close(code, reason);
    },
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
  };
}
