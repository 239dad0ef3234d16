/**
 * The little the sync core needs of a WebSocket: send binary frames, close with a code, and (when
 * known) how many bytes are still queued. The host adapts its socket (ws, Hono, a test pair) to it.
 */
export interface Connection {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued but not yet written to the network; used to drop clients that cannot keep up. */
  readonly bufferedAmount?: number;
  /** Stops reading from the network (the peer is not reading what it is sent); see maxBufferedBytes. */
  pauseReading?(): void;
  /** Reads from the network again. */
  resumeReading?(): void;
}
