/** The query server: graph-node's `/subgraphs/name/<name>` endpoint (POST JSON and GET) and a local query page. */
import Fastify from "fastify";
import { GraphQLError, Lexer, OverlappingFieldsCanBeMergedRule, Source, TokenKind, ValuesOfCorrectTypeRule, execute, parse, validate } from "graphql";
import type { DocumentNode, GraphQLFormattedError, GraphQLSchema } from "graphql";
import type { EntityStore } from "../store/index.ts";
import { buildApi } from "./api.ts";
import type { RequestContext } from "./api.ts";
import { playgroundHtml } from "./playground.ts";
import type { RuntimeMetrics } from "../metrics.ts";

export interface QueryServerOptions {
  store: EntityStore;
  port: number;
  host?: string;
  subgraphName: string;
  /** Counts and times queries, and serves the registry at `/metrics`. */
  metrics?: RuntimeMetrics;
}

export interface QueryResponse {
  data?: unknown;
  errors?: GraphQLFormattedError[];
}

/** graph-node words some validation errors differently from graphql-js. */
function graphNodeMessage(message: string): string {
  const unknownField = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(message);
  if (unknownField) return `Type \`${unknownField[2]}\` has no field \`${unknownField[1]}\``;
  return message;
}

function formatError(e: GraphQLError): GraphQLFormattedError {
  // Database failures surface as graph-node words them; our own GraphQLErrors carry graph-node's messages already.
  const storeFailure = e.originalError && !(e.originalError instanceof GraphQLError);
  const out: { message: string; locations?: { line: number; column: number }[] } = { message: storeFailure ? `Store error: ${e.message}` : graphNodeMessage(e.message) };
  if (e.locations) out.locations = e.locations.map((l) => ({ line: l.line, column: l.column }));
  return out;
}

/**
 * Query shapes (the query's tokens with string and number literals left out) whose documents passed validation.
 * Dashboards repeat the same queries with new ids and bounds inlined. Only two validation rules look at literal
 * values (their types, and whether same-named fields have equal arguments), so a document of a known shape is
 * checked by those two alone.
 */
const validShapes = new WeakMap<GraphQLSchema, Set<string>>();
/** Validated documents by exact query text (queries that pass their values as variables repeat verbatim). */
const documentCache = new WeakMap<GraphQLSchema, Map<string, DocumentNode>>();
const DOCUMENT_CACHE_SIZE = 500;
const SHAPE_CACHE_SIZE = 1000;
const LITERAL_RULES = [ValuesOfCorrectTypeRule, OverlappingFieldsCanBeMergedRule];

/** The query's token stream with string/number literal values replaced by their kind (names, enums, punctuation kept). */
export function queryShape(query: string): string {
  const lexer = new Lexer(new Source(query));
  const parts: string[] = [];
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    if (token.kind === TokenKind.STRING || token.kind === TokenKind.BLOCK_STRING || token.kind === TokenKind.INT || token.kind === TokenKind.FLOAT) parts.push(token.kind);
    else parts.push(token.value === undefined ? token.kind : `${token.kind}${token.value}`);
  }
  return parts.join(" ");
}

function rememberShape(schema: GraphQLSchema, shape: string): void {
  let shapes = validShapes.get(schema);
  if (!shapes) validShapes.set(schema, (shapes = new Set()));
  if (shapes.size >= SHAPE_CACHE_SIZE) shapes.delete(shapes.values().next().value!);
  shapes.add(shape);
}

/** Runs one query; errors come back as graph-node returns them: `{ errors: [{ message, locations }] }` without data. */
export async function runQuery(schema: GraphQLSchema, store: EntityStore, query: unknown, variables?: unknown, operationName?: unknown): Promise<QueryResponse> {
  if (typeof query !== "string" || query.trim() === "") return { errors: [{ message: "The query is empty" }] };
  let documents = documentCache.get(schema);
  if (!documents) documentCache.set(schema, (documents = new Map()));
  let document = documents.get(query);
  if (!document) {
    let shape: string;
    try {
      document = parse(query);
      shape = queryShape(query);
    } catch (e) {
      return { errors: [formatError(e as GraphQLError)] };
    }
    const knownShape = validShapes.get(schema)?.has(shape) ?? false;
    const invalid = validate(schema, document, knownShape ? LITERAL_RULES : undefined);
    if (invalid.length > 0) return { errors: invalid.map(formatError) };
    if (!knownShape) rememberShape(schema, shape);
    if (documents.size >= DOCUMENT_CACHE_SIZE) documents.delete(documents.keys().next().value!);
    documents.set(query, document);
  }
  const contextValue: RequestContext = { store, batches: new Map() };
  const result = await execute({
    schema,
    document,
    contextValue,
    variableValues: (variables as Record<string, unknown> | null | undefined) ?? undefined,
    operationName: typeof operationName === "string" ? operationName : undefined,
  });
  if (result.errors?.length) return { errors: result.errors.map(formatError) };
  return { data: result.data };
}

export async function startQueryServer(options: QueryServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const { store, subgraphName, metrics } = options;
  const schema = buildApi(store);
  const answer = async (query: unknown, variables: unknown, operationName: unknown): Promise<QueryResponse> => {
    const started = performance.now();
    const response = await runQuery(schema, store, query, variables, operationName);
    if (metrics) {
      metrics.queryDuration.observe((performance.now() - started) / 1000);
      metrics.queries.inc();
      if (response.errors) metrics.queryErrors.inc();
    }
    return response;
  };
  const app = Fastify({ logger: false });
  const path = `/subgraphs/name/${subgraphName}`;

  // Browsers (the dApp on another origin) query it directly, as they do graph-node, which allows any origin.
  app.addHook("onRequest", async (_request, reply) => {
    reply.header("access-control-allow-origin", "*");
    reply.header("access-control-allow-headers", "content-type, authorization");
    reply.header("access-control-allow-methods", "GET, POST, OPTIONS");
  });
  app.options(path, async (_request, reply) => reply.code(204).send());

  app.post(path, async (request, reply) => {
    const body = request.body as { query?: unknown; variables?: unknown; operationName?: unknown } | null;
    if (!body || typeof body !== "object") return reply.code(400).send({ errors: [{ message: "Request body must be a JSON object with a `query`" }] });
    return reply.send(await answer(body.query, body.variables, body.operationName));
  });

  app.get(path, async (request, reply) => {
    const qs = request.query as { query?: string; variables?: string; operationName?: string };
    if (qs.query === undefined) return reply.type("text/html; charset=utf-8").send(playgroundHtml(path, subgraphName));
    let variables: unknown;
    try {
      variables = qs.variables ? JSON.parse(qs.variables) : undefined;
    } catch {
      return reply.code(400).send({ errors: [{ message: "`variables` is not valid JSON" }] });
    }
    return reply.send(await answer(qs.query, variables, qs.operationName));
  });

  if (metrics) {
    app.get("/metrics", async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  }

  app.setNotFoundHandler((request, reply) => reply.code(404).send({ errors: [{ message: `No subgraph at ${request.url}; queries go to ${path}` }] }));
  app.setErrorHandler((error, _request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    reply.code(status).send({ errors: [{ message: error instanceof Error ? error.message : String(error) }] });
  });

  const address = await app.listen({ port: options.port, host: options.host ?? "127.0.0.1" });
  return {
    url: `${address}${path}`,
    close: () => app.close(),
  };
}

export { buildApi } from "./api.ts";
