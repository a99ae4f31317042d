/**
 * Variant D of `npm run bench`: @neo4j/graphql v7 serving the type definitions beside this file,
 * on the same Neo4j, over HTTP with Apollo Server. Run as its own process (so its memory is its own):
 * NEO4J_URI=bolt://… PORT=… tsx bench/peers/neo4j-graphql-server.ts; prints READY when it listens.
 *
 * The caller's clearance comes from the x-clearance header as a decoded JWT (no signature check:
 * the benchmark measures query work, not token verification). Each response carries
 * `extensions.roundTrips`: transactions the request ran (valid for sequential requests).
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j, { type Driver } from 'neo4j-driver';
import { readFile } from 'node:fs/promises';

const driver = neo4j.driver(process.env.NEO4J_URI!, process.env.NEO4J_PASSWORD ? neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD) : undefined);
let transactions = 0;
// Count every session's transactions: the library runs each query as one executeRead/executeWrite.
const session = driver.session.bind(driver);
(driver as { session: Driver['session'] }).session = (config) => {
  const s = session(config);
  const wrap = <K extends 'executeRead' | 'executeWrite' | 'run'>(k: K) => {
    const original = s[k].bind(s) as (...a: unknown[]) => unknown;
    (s as unknown as Record<string, unknown>)[k] = (...a: unknown[]) => (transactions++, original(...a));
  };
  wrap('executeRead');
  wrap('executeWrite');
  wrap('run');
  return s;
};

// The full-text index the type definitions declare (@fulltext, for the search question). The API's
// schema has none over names (it searches its per-clearance indexes), so the peer brings its own, as
// the API's schema defined it until version 5, and waits until it is populated.
const setup = driver.session();
try {
  await setup.run(
    `CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.nameEn, n.aliases]
     OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'cjk', \`fulltext.eventually_consistent\`: true } }`,
  );
  await setup.run("CALL db.awaitIndex('entity_names', 3600)");
} finally {
  await setup.close();
}

const typeDefs = await readFile(new URL('./neo4j-graphql.graphql', import.meta.url), 'utf8');
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({
  schema,
  plugins: [
    {
      async requestDidStart() {
        const before = transactions;
        return {
          async willSendResponse({ response }) {
            if (response.body.kind === 'single') response.body.singleResult.extensions = { roundTrips: transactions - before };
          },
        };
      },
    },
  ],
});
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT), host: '127.0.0.1' },
  context: async ({ req }) => ({ jwt: { clearance: Number(req.headers['x-clearance'] ?? 0) } }),
});
process.stdout.write(`READY ${url}\n`);
const stop = async () => {
  await server.stop();
  await driver.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
