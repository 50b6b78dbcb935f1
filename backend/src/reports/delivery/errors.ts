/** A channel refused or could not be reached; the run fails and the scheduler retries it. */
export class DeliveryError extends Error {
  readonly code = 'REPORT_DELIVERY_FAILED';
  constructor(
    readonly channel: string,
    message: string
  ) {
    super(`${channel} delivery failed: ${message}`);
  }
}
