/**
 * Prometheus metrics of the embedded runtime (served at `/metrics` by the GraphQL server): indexing
 * progress, handler and store-flush timings, query counts, latency and errors. One registry per runtime,
 * labelled with the deployment, so several runtimes in one process do not collide.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Seconds; handlers take well under a millisecond, flushes and queries milliseconds. */
const FAST_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const SLOW_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

export class RuntimeMetrics {
  readonly registry = new Registry();
  readonly indexedBlock: Gauge;
  readonly chainHead: Gauge;
  readonly eventsProcessed: Counter;
  readonly handlersExecuted: Counter<"handler">;
  readonly handlerDuration: Histogram<"handler">;
  readonly storeFlushDuration: Histogram;
  readonly queries: Counter;
  readonly queryErrors: Counter;
  readonly queryDuration: Histogram;

  constructor(options: { deployment: string; processMetrics?: boolean }) {
    this.registry.setDefaultLabels({ deployment: options.deployment });
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.indexedBlock = new Gauge({ name: "subgraph_indexed_block_number", help: "Latest block made durable in the store", registers });
    this.chainHead = new Gauge({ name: "subgraph_chain_head_block_number", help: "Chain head block last seen by the indexer", registers });
    this.eventsProcessed = new Counter({ name: "subgraph_events_processed_total", help: "Events whose handlers ran", registers });
    this.handlersExecuted = new Counter({ name: "subgraph_handlers_executed_total", help: "Handler executions (event and block handlers)", labelNames: ["handler"], registers });
    this.handlerDuration = new Histogram({ name: "subgraph_handler_duration_seconds", help: "Time to run one handler (WASM instance, host calls)", labelNames: ["handler"], buckets: FAST_BUCKETS, registers });
    this.storeFlushDuration = new Histogram({ name: "subgraph_store_flush_duration_seconds", help: "Time to make a block's writes durable", buckets: SLOW_BUCKETS, registers });
    this.queries = new Counter({ name: "subgraph_queries_total", help: "GraphQL queries answered", registers });
    this.queryErrors = new Counter({ name: "subgraph_query_errors_total", help: "GraphQL queries answered with errors", registers });
    this.queryDuration = new Histogram({ name: "subgraph_query_duration_seconds", help: "GraphQL query time (parse, validate, execute)", buckets: SLOW_BUCKETS, registers });
  }
}
