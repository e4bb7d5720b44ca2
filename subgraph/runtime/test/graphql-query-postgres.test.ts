/** The whole query API suite (graphql-query.test.ts) on PostgreSQL, skipped when it is not reachable. */
process.env.GRAPHQL_TEST_DATABASE_URL ??= process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
await import("./graphql-query.test.ts");
