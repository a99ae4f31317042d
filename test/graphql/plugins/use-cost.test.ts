import { readFile } from 'node:fs/promises';
import { buildSchema, parse, print, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as operations from '../../../src/generated/operations.js';
import { FILTER_LEAF_COST, operationCost } from '../../../src/graphql/plugins/use-cost.js';
import { loadTypeDefs } from '../../../src/graphql/schema.js';

const schema = buildSchema(loadTypeDefs());
const cost = (text: string, variables: Record<string, unknown> = {}) => {
  const doc = parse(text);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((f) => [f.name.value, f]));
  return operationCost(schema, op, fragments, variables);
};

/** The explorer's operations as the page sends them (its field lists substituted). */
async function explorerOperations(): Promise<string[]> {
  // the typed documents of the page (codegen's client preset), with the fragments they spread
  const source = await readFile(new URL('../../../src/explorer/queries.ts', import.meta.url), 'utf8');
  const docs = [...source.matchAll(/graphql\(`([^`]*)`\)/g)].map((m) => m[1]!);
  const fragments = docs.filter((d) => /^\s*fragment /.test(d)).join('\n');
  return docs.filter((d) => /^\s*(?:query|mutation) /.test(d)).map((d) => `${d}\n${fragments}`);
}

describe('operation cost', () => {
  it('matches GraphQL Armor on an explicit page size (object 2, scalar 1, x1.5 a level, x page size)', () => {
    expect(cost('{ parks(first: 100) { nodes { id name } } }')).toBe(950);
    expect(cost('{ parks(first: 5) { nodes { id name } } }')).toBe(47.5);
  });

  it('counts an omitted page size as the default (20), and a variable as its value', () => {
    expect(cost('{ parks { nodes { id name } } }')).toBe(cost('{ parks(first: 20) { nodes { id name } } }'));
    expect(cost('query($n: Int) { parks(first: $n) { nodes { id } } }', { n: 7 })).toBe(cost('{ parks(first: 7) { nodes { id } } }'));
    expect(cost('{ search(text: "x") { score } }')).toBe(cost('{ search(text: "x", first: 20) { score } }'));
  });

  it('adds a fixed amount per filter condition', () => {
    const base = cost('{ facilities(first: 1) { totalCount } }');
    expect(cost('{ facilities(first: 1, filter: {district: "a", OR: [{park: "b"}, {NOT: {technology: "c"}}]}) { totalCount } }')).toBe(base + 3 * FILTER_LEAF_COST);
    expect(cost('query($f: FacilityFilter) { facilities(first: 1, filter: $f) { totalCount } }', { f: { ids: ['a', 'b', 'c'] } })).toBe(base + FILTER_LEAF_COST);
  });

  it('every shipped client and explorer operation stays within the default limit of 20,000', async () => {
    const shipped = (Object.values(operations) as unknown[]).filter((d): d is { kind: 'Document' } => (d as { kind?: string } | null)?.kind === 'Document').map((d) => print(d as never));
    const explorer = await explorerOperations();
    expect(explorer.length).toBeGreaterThanOrEqual(8);
    for (const text of [...shipped, ...explorer]) expect(cost(text), text.slice(0, 60)).toBeLessThanOrEqual(20_000);
  });
});
