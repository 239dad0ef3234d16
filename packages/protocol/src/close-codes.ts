/**
 * WebSocket close codes Tandem sends, by name. 1xxx are the RFC 6455 codes; 4xxx mirror the HTTP
 * status a client would expect (Hocuspocus uses the same convention).
 */
export const CloseCode = {
  /** The session ended normally. */
  normal: 1000,
  /** The server is shutting down or the room is going away: reconnect (elsewhere). */
  goingAway: 1001,
  /** A text frame, or a message type the server does not take. */
  unsupportedData: 1003,
  /** A frame that does not decode, or an update that does not apply. */
  invalidPayload: 1007,
  /** A limit was broken (rate, awareness size, client id ownership). */
  policyViolation: 1008,
  /** A frame larger than the maximum frame size. */
  messageTooBig: 1009,
  /** The server failed (for example the store refused a write); the client should retry. */
  internalError: 1011,
  /** The server is at capacity; try again later. */
  tryAgainLater: 1013,
  /** The token is missing, malformed, badly signed or expired; or the person signed out. */
  unauthorized: 4401,
  /** No access: the token does not cover this document, access was removed, the link rotated. */
  forbidden: 4403,
  /** The document was deleted (it may be in the trash). */
  notFound: 4404,
  /** The connection's token expired while it was open. */
  tokenExpired: 4408,
  /** The connection's access changed (role changed): reconnect to learn the new role. */
  accessChanged: 4409,
  /** A change that cannot be stored (too large); do not resend it. */
  tooLarge: 4413,
} as const;

/** Any of Tandem's named close codes. */
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];
