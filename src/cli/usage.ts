/** The usage text of `kg` and of each of its commands. */
import { BULK_MIN_RECORDS } from './bulk-command.js';

/** Usage of each subcommand (`kg <command> --help` prints its own). */
export const COMMAND_USAGE: Record<string, string> = {
  import: `  import FILE|DIR...        load JSON/CSV dataset files (validated first; nothing is written on error)
      --dry-run             validate only
      --bulk auto|on|off    Neo4j's offline bulk importer into an empty embedded database (auto: from ${BULK_MIN_RECORDS.toLocaleString('en')} records)`,
  ingest: `  ingest FILE --out DIR     parse a plan (text or HTML) into a proposal: dataset files + review.md; writes nothing
      --against DIR         resolve names against a dataset folder (e.g. seed/plan) instead of the database
      --clearance LEVEL     resolve only against what this clearance may see (default TOP_SECRET)`,
  export: `  export DIR                write the whole graph, one file per label and relationship type
      --format json|csv     (default json)`,
  query: `  query FILE.graphql        run a GraphQL operation against the API and print the JSON answer
      --variables JSON      variables of the operation
      --url URL             API endpoint (default KG_URL, else http://localhost:$PORT/graphql, PORT default 4000)
      --token TOKEN         bearer token (default KG_TOKEN)`,
  token: `  token                     mint a development token (HS256, signed with JWT_SECRET; iss/aud from JWT_ISSUER/JWT_AUDIENCE)
      --sub NAME            subject
      --clearance LEVEL     PUBLIC | INTERNAL | CONFIDENTIAL | SECRET | TOP_SECRET (default PUBLIC)
      --roles LIST          comma-separated: reader,editor,admin,declassifier (default reader)
      --institution ID      the institution the subject acts for (access requests), e.g. inst:ex-beidou-navtech
      --expires SPAN        e.g. 1h, 8h (default 8h; the server refuses tokens living longer than JWT_MAX_LIFETIME_S)`,
  generate: `  generate                  stream a deterministic synthetic graph into Neo4j
      --nodes N             number of nodes (default 10000)
      --seed S              seed (default 1)
      --batch B             records per transaction (default 5000)
      --bulk auto|on|off    Neo4j's offline bulk importer into an empty embedded database (auto: from ${BULK_MIN_RECORDS.toLocaleString('en')} records)`,
  report: `  report inferred           every INFERRED node and relationship with its note (Markdown)
  report counts             nodes per label and relationships per type`,
};

const DATABASE_NOTE = `Connects to NEO4J_URI when set, else starts the embedded Neo4j on NEO4J_HOME_DIR (stop \`npm start\` first,
or point NEO4J_URI at the Bolt address it prints).`;

export const USAGE = `Usage: npm run kg -- <command> [options]    (npm run kg -- <command> --help for one command)

${Object.values(COMMAND_USAGE).join('\n')}

${DATABASE_NOTE}`;

/** The usage of one command. */
export function usageOf(command: string): string {
  const note = ['import', 'export', 'generate'].includes(command) ? `\n\n${DATABASE_NOTE}` : '';
  return `Usage: npm run kg -- ${command} [options]\n\n${COMMAND_USAGE[command]}${note}`;
}
