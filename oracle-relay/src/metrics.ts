import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    batches: new Counter({ name: "relay_batches_total", help: "Batches answered, by outcome", labelNames: ["outcome"], registers: [registry] }),
    batchRejections: new Counter({
      name: "relay_batch_rejections_total",
      help: "Whole batches rejected (4xx), by reason",
      labelNames: ["reason"],
      registers: [registry],
    }),
    readingsAccepted: new Counter({ name: "relay_readings_accepted_total", help: "Readings stored", registers: [registry] }),
    readingRejections: new Counter({
      name: "relay_reading_rejections_total",
      help: "Readings rejected inside an authentic batch, by reason",
      labelNames: ["reason"],
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: "relay_batch_duration_seconds",
      help: "Time to verify and durably store a batch",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    summaries: new Counter({ name: "relay_summaries_total", help: "Signed summaries served", registers: [registry] }),
    pinFailures: new Counter({ name: "relay_ipfs_pin_failures_total", help: "Period files the IPFS API failed to add and pin (summary answered 502)", registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
