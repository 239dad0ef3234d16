import type { Connection } from '@tandem/sync';
import type { WebSocket } from 'ws';

/** Counts socket traffic (the server's metrics). */
export interface TrafficMeter {
  received(bytes: number): void;
  sent(bytes: number): void;
}

/** Adapts a `ws` socket to the sync core's Connection; `meter` counts what is sent. */
export function wsConnection(socket: WebSocket, meter?: TrafficMeter): Connection {
  return {
    send(frame) {
      socket.send(frame, { binary: true });
      meter?.sent(frame.length);
    },
    close(code, reason) {
      socket.close(code, reason);
    },
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
  };
}
