import { CloseCode } from '@tandem/protocol';

/**
 * A refusal or failure in the sync core, carrying the WebSocket close code the host should use
 * (and, for refusals before the upgrade, the matching HTTP status).
 */
export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    readonly closeCode: number,
    message: string,
  ) {
    super(message);
  }

  /** The HTTP status a host answers with when this error refuses an upgrade. */
  get httpStatus(): number {
    if (this.closeCode === CloseCode.unauthorized) return 401;
    if (this.closeCode === CloseCode.forbidden) return 403;
    if (this.closeCode === CloseCode.notFound) return 404;
    if (this.closeCode === CloseCode.tryAgainLater) return 503;
    return 400;
  }
}
