import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadTypeDefs } from '../../src/graphql/schema.js';
import { post, SECRET_READER, useApi } from './harness.js';

/** Random operations built from the schema itself, with random (and hostile) variables. */
const api = useApi();
const schema = buildSchema(loadTypeDefs());
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const HOSTILE = ["'", '"', '`', '}', '{', '(', '[', '//', '\\', 'a AND (', '$x', 'MATCH (n) DETACH DELETE n', '\u0000', '🛰️', 'x'.repeat(300)];
const REAL_IDS = ['tech:beidou', 'district:daxing', 'park:daxing-cmi-industrial-base', 'facility:ex-daxing-gnss-test-lab', 'inst:avic', 'task:fengtai-base', 'facility:ex-top-secret-payload-lab'];
type Gen = <T>(arb: fc.Arbitrary<T>) => T;

function value(g: Gen, type: GraphQLInputType, depth: number, nullable = true): unknown {
  if (isNonNullType(type)) return value(g, type.ofType, depth, false);
  if (nullable && g(fc.integer({ min: 0, max: 19 })) === 0) return null;
  if (isListType(type)) return Array.from({ length: g(fc.integer({ min: 0, max: 3 })) }, () => value(g, type.ofType, depth));
  if (isEnumType(type)) return g(fc.constantFrom(...type.getValues().map((v) => v.name)));
  if (isInputObjectType(type)) {
    if (depth > 2) return {};
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) if (isNonNullType(f.type) || g(fc.boolean())) out[f.name] = value(g, f.type, depth + 1);
    return out;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return g(fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constantFrom(0, 2147483647, -2147483648)));
      case 'Float':
        return g(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(-1)));
      case 'Boolean':
        return g(fc.boolean());
      default:
        return g(fc.oneof({ arbitrary: fc.string(), weight: 1 }, { arbitrary: fc.constantFrom(...HOSTILE), weight: 2 }, { arbitrary: fc.constantFrom(...REAL_IDS), weight: 2 }));
    }
  }
  return null;
}

function selection(g: Gen, type: GraphQLNamedType, depth: number): string {
  if (isLeafType(type)) return '';
  if (isInterfaceType(type) || isUnionType(type)) {
    const impls = schema.getPossibleTypes(type);
    const pick = g(fc.constantFrom(...impls));
    return `{ __typename ... on ${pick.name} ${selection(g, pick, depth)} }`;
  }
  if (!isObjectType(type)) return '';
  const fields = Object.values(type.getFields()).filter((f) => depth < 3 || isLeafType(getNamedType(f.type)));
  const chosen = [...new Set(Array.from({ length: g(fc.integer({ min: 1, max: 3 })) }, () => g(fc.constantFrom(...fields))))];
  return `{ ${chosen.map((f) => field(g, f, depth + 1)).join(' ')} }`;
}

let vars: Record<string, unknown> = {};
let defs: string[] = [];
function field(g: Gen, f: GraphQLField<unknown, unknown>, depth: number): string {
  const args = f.args.filter((a) => isNonNullType(a.type) || g(fc.boolean()));
  const parts = args.map((a) => {
    const name = `v${defs.length}`;
    defs.push(`$${name}: ${a.type.toString()}`);
    vars[name] = value(g, a.type, 0);
    return `${a.name}: $${name}`;
  });
  return `${f.name}${parts.length ? `(${parts.join(', ')})` : ''} ${selection(g, getNamedType(f.type), depth)}`;
}

describe('fuzzing the API with random operations and variables', () => {
  it(`never answers 5xx nor an internal error, and keeps serving (${RUNS} operations)`, async () => {
    const roots = [schema.getQueryType()!, schema.getMutationType()!];
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.gen(), fc.boolean(), async (gen, cleared) => {
        const g: Gen = (arb) => gen(() => arb);
        vars = {};
        defs = [];
        const root = g(fc.oneof({ arbitrary: fc.constant(roots[0]!), weight: 4 }, { arbitrary: fc.constant(roots[1]!), weight: 1 }));
        const fields = Object.values(root.getFields()).filter((f) => f.name !== 'auditEvents');
        const chosen = [...new Set(Array.from({ length: g(fc.integer({ min: 1, max: 3 })) }, () => g(fc.constantFrom(...fields))))];
        const body = chosen.map((f) => field(g, f, 0)).join(' ');
        const op = `${root === roots[0] ? 'query' : 'mutation'}${defs.length ? `(${defs.join(', ')})` : ''} { ${body} }`;
        const res = await post(api.url, op, vars, cleared ? SECRET_READER : undefined);
        expect(res.status, op).toBeLessThan(500);
        for (const e of res.body.errors ?? []) {
          expect(e.extensions?.code, `${op} ${JSON.stringify(vars)} → ${e.message}`).not.toBe('INTERNAL_SERVER_ERROR');
          seen.set(e.extensions?.code, (seen.get(e.extensions?.code) ?? 0) + 1);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 42) },
    );
    process.stdout.write(`fuzz: ${RUNS} operations; error codes seen: ${JSON.stringify(Object.fromEntries(seen))}\n`);
    expect((await post(api.url, '{ health { ok } }')).body.data.health.ok).toBe(true);
  }, 300_000);
});
