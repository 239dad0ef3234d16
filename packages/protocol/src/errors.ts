/** Why a frame could not be decoded; stable strings that logs and tests can match on. */
export type DecodeErrorCode =
  | 'empty-frame'
  | 'truncated'
  | 'length-exceeds-frame'
  | 'count-exceeds-frame'
  | 'varint-overflow'
  | 'unknown-message-type'
  | 'unknown-sync-type'
  | 'unknown-auth-type'
  | 'trailing-bytes'
  | 'invalid-utf8'
  | 'invalid-json'
  | 'unknown-tag'
  | 'too-deep'
  | 'zero-length';

/** A frame that does not follow the y-websocket protocol. Carries a code, never the frame's content. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  /** Why the frame was refused. */
  readonly code: DecodeErrorCode;
  constructor(code: DecodeErrorCode, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
    this.code = code;
  }
}
