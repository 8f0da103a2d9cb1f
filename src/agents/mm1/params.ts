// Parameters of the M/M/1 queue agents.
export interface Mm1Params {
  arrivalRatePerS: number;
  serviceRatePerS: number;
  customers: number;
  /** Sample the queue length every this many seconds (0 = no samples). */
  sampleIntervalS: number;
  /** Log lifecycle events for the first this many customers. */
  traceCustomers: number;
}
