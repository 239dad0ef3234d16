/** Counts socket traffic (the server's metrics); each sync socket reports what it sends and receives. */
export interface TrafficMeter {
  received(bytes: number): void;
  sent(bytes: number): void;
}
