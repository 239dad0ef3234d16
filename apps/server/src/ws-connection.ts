import type { Connection } from '@tandem/sync';
import type { WebSocket } from 'ws';

/** Counts socket traffic (the server's metrics). */
export interface TrafficMeter {
  received(bytes: number): void;
  sent(bytes: number): void;
}

/**
 * Adapts a `ws` socket to the sync core's Connection; `meter` counts what is sent. A class, so an
 * open connection costs two fields, not an object of closures (one is kept per connection).
 */
export class WsConnection implements Connection {
  constructor(
    private readonly socket: WebSocket,
    private readonly meter?: TrafficMeter,
  ) {}

  send(frame: Uint8Array): void {
    this.socket.send(frame, { binary: true });
    this.meter?.sent(frame.length);
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }
}
