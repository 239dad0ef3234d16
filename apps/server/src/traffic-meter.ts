/** Counts socket traffic (the server's metrics): what each sync socket sends and receives, refused upgrades, close codes. */
export interface TrafficMeter {
  received(bytes: number): void;
  sent(bytes: number): void;
  /** An upgrade was refused with this HTTP status. */
  refused?(status: number): void;
  /** A sync socket closed with this close code. */
  closed?(code: number): void;
}
