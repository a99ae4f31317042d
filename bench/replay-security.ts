/**
 * Replays every reproduction of the "Nothing leaks, by construction" issue (channels 1–7 and the
 * faults and exhaustion found), and the attacker pass made over the finished product, against a
 * production server: `NODE_ENV=production npm start -- --with-examples`.
 *
 *   npm run replay:security                      # starts that server itself (fresh embedded Neo4j in a temp dir), stops it and removes it at the end
 *   npm run replay:security -- --write docs/security-replay.md   # also replaces the replay section of that file
 *   npm run replay:security -- --url http://127.0.0.1:4000/graphql --neo4j-home data/neo4j --bolt bolt://127.0.0.1:7687
 *                                                # a server already running: JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE (and METRICS_TOKEN) as the server's
 *
 * Tokens of every clearance and role are minted with `npm run kg -- token` (HS256, the server's
 * secret, issuer and audience). Each line printed is one reproduction: the item, what was sent, what
 * came back, and SAFE or UNSAFE. The exit code is 1 when any line is UNSAFE. It writes to the graph
 * (probe nodes it deletes again, audit records, one declassification it raises back): run it against
 * the illustrative data, not a graph of record. It sends about 1,600 requests and ends with the rate
 * limits, which leave the client address refused for a while. On a heavily loaded machine give the
 * server time to load the illustrative data: QUERY_TIMEOUT_MS=300000 (passed on to it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import neo4j from 'neo4j-driver';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    port: { type: 'string' },
    'neo4j-home': { type: 'string' },
    bolt: { type: 'string' },
    write: { type: 'string' },
  },
});

type Verdict = 'SAFE' | 'UNSAFE' | 'NOT RUN';
interface Line {
  item: string;
  sent: string;
  got: string;
  verdict: Verdict;
}
const lines: Line[] = [];
let section = '';
const sections: Array<{ title: string; lines: Line[] }> = [];

function begin(title: string) {
  section = title;
  sections.push({ title, lines: [] });
  process.stdout.write(`\n## ${title}\n\n| verdict | item | sent | came back |\n|---|---|---|---|\n`);
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
function record(item: string, sent: string, got: string, safe: boolean | null) {
  const line: Line = { item, sent, got, verdict: safe === null ? 'NOT RUN' : safe ? 'SAFE' : 'UNSAFE' };
  lines.push(line);
  sections.at(-1)!.lines.push(line);
  process.stdout.write(`| ${line.verdict} | ${cell(item)} | ${cell(sent)} | ${cell(got)} |\n`);
}

/** Runs one reproduction; an exception is an UNSAFE line (the replay could not show it safe). */
async function check(item: string, sent: string, run: () => Promise<{ got: string; safe: boolean | null }>) {
  try {
    const { got, safe } = await run();
    record(item, sent, got, safe);
  } catch (err) {
    record(item, sent, `replay failed: ${err instanceof Error ? err.message : String(err)}`, false);
  }
}

// ---------------------------------------------------------------- the server

let child: ChildProcess | null = null;
let home: string | null = null;
let logFile: string | null = null;
let url = args.url ?? '';
let base = '';
let neo4jHome = args['neo4j-home'] ?? null;
let boltUri = args.bolt ?? null;
const env = {
  secret: process.env.JWT_SECRET ?? '',
  issuer: process.env.JWT_ISSUER ?? '',
  audience: process.env.JWT_AUDIENCE ?? '',
  /** Production serves /metrics only with a token (or on a port of its own). */
  metricsToken: process.env.METRICS_TOKEN ?? '',
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The production environment the server is started with (without any Neo4j variables of the caller's shell). */
function productionEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(e)) if (k.startsWith('NEO4J_') || k.startsWith('JWT_') || k === 'API_KEYS_FILE' || k === 'METRICS_TOKEN' || k === 'METRICS_PORT') delete e[k];
  return { ...e, NODE_ENV: 'production', HOST: '127.0.0.1', ...extra };
}

async function startProduction(): Promise<void> {
  home = await mkdtemp(path.join(tmpdir(), 'kg-replay-'));
  neo4jHome = path.join(home, 'neo4j');
  logFile = path.join(home, 'server.log');
  const [httpPort, bolt] = [args.port ? Number(args.port) : await freePort(), await freePort()];
  boltUri = `bolt://127.0.0.1:${bolt}`;
  env.secret = randomBytes(48).toString('base64');
  env.issuer = 'https://issuer.replay.example';
  env.audience = 'kg-replay';
  env.metricsToken = randomBytes(24).toString('hex');
  const fd = openSync(logFile, 'a');
  child = spawn('npm', ['start', '--', '--with-examples'], {
    cwd: ROOT,
    env: productionEnv({
      PORT: String(httpPort),
      JWT_SECRET: env.secret,
      JWT_ISSUER: env.issuer,
      JWT_AUDIENCE: env.audience,
      METRICS_TOKEN: env.metricsToken,
      NEO4J_HOME_DIR: neo4jHome,
      NEO4J_EMBEDDED_PORT: String(bolt),
      NEO4J_START_TIMEOUT_MS: '900000',
      LOG_FORMAT: 'json',
    }),
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  url = `http://127.0.0.1:${httpPort}/graphql`;
  base = `http://127.0.0.1:${httpPort}`;
  process.stderr.write(`starting NODE_ENV=production npm start -- --with-examples on ${base} (log ${logFile})\n`);
  const deadline = Date.now() + 900_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}); see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    if (Date.now() > deadline) throw new Error('the server did not become ready in 15 minutes');
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  process.stderr.write('server ready\n');
}

async function stopProduction(): Promise<void> {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child!.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 60_000);
    await exited;
    clearTimeout(timer);
  }
  child = null;
  if (home) await rm(home, { recursive: true, force: true });
  home = null;
}

// ---------------------------------------------------------------- requests

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function gql(token: string | null, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

/** Data of an answer that must have no errors. */
async function data(token: string | null, query: string, variables?: Record<string, unknown>): Promise<any> {
  const a = await gql(token, query, variables);
  if (a.body?.errors) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(a.body.errors).slice(0, 300)}`);
  return a.body.data;
}

const errorOf = (a: Answer) => {
  const e = a.body?.errors?.[0];
  return e ? `${a.status} ${e.extensions?.code}${e.extensions?.argumentName ? `(${e.extensions.argumentName})` : ''}: ${e.message}` : `${a.status} no error`;
};
const short = (v: unknown, n = 160) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > n ? `${s.slice(0, n)}…` : s;
};

// ---------------------------------------------------------------- tokens

const CLEARANCES = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as const;
type Clearance = (typeof CLEARANCES)[number];
const T: Record<string, string> = {};

/** `npm run kg -- token` with the server's secret, issuer and audience. */
function kgToken(sub: string, clearance: Clearance, roles: string, institution?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const argv = ['run', '--silent', 'kg', '--', 'token', '--sub', sub, '--clearance', clearance, '--roles', roles, '--expires', '2h', ...(institution ? ['--institution', institution] : [])];
    const p = spawn('npm', argv, { cwd: ROOT, env: { ...process.env, JWT_SECRET: env.secret, JWT_ISSUER: env.issuer, JWT_AUDIENCE: env.audience }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => {
      const jwt = out.split('\n').map((l) => l.trim()).find((l) => /^ey[\w-]+\.[\w-]+\.[\w-]+$/.test(l));
      if (code === 0 && jwt) resolve(jwt);
      else reject(new Error(`kg token failed (${code}): ${err.slice(-300)}`));
    });
  });
}

async function mintAll(): Promise<void> {
  const wanted: Array<[string, string, Clearance, string, string?]> = [
    ...CLEARANCES.map((c) => [`reader:${c}`, `replay-reader-${c.toLowerCase()}`, c, 'reader'] as [string, string, Clearance, string]),
    ['admin:PUBLIC', 'replay-admin-public', 'PUBLIC', 'reader,admin'],
    ['admin:TOP_SECRET', 'replay-admin-top', 'TOP_SECRET', 'reader,admin'],
    ['editor:PUBLIC', 'replay-editor-public', 'PUBLIC', 'reader,editor'],
    ['editor:TOP_SECRET', 'replay-editor-top', 'TOP_SECRET', 'reader,editor'],
    ['declassifier:PUBLIC', 'replay-declassifier-public', 'PUBLIC', 'reader,declassifier'],
    ['declassifier:CONFIDENTIAL', 'replay-declassifier-confidential', 'CONFIDENTIAL', 'reader,declassifier'],
    ['dual:TOP_SECRET', 'replay-dual', 'TOP_SECRET', 'reader,editor'],
    ['dual:PUBLIC', 'replay-dual', 'PUBLIC', 'reader,editor'],
    ['member:PUBLIC', 'replay-member-public', 'PUBLIC', 'reader,editor', 'inst:ex-beidou-navtech'],
  ];
  // four at a time: each is a process of its own
  for (let i = 0; i < wanted.length; i += 4) {
    await Promise.all(wanted.slice(i, i + 4).map(async ([key, sub, c, roles, inst]) => (T[key] = await kgToken(sub, c, roles, inst))));
  }
}

/** A token signed with the server's secret but with claims the server must refuse. */
async function forged(claims: { iss?: string; aud?: string; iat?: number; exp: number }): Promise<string> {
  let jwt = new SignJWT({ clearance: 'TOP_SECRET', roles: ['reader'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('replay-forger').setExpirationTime(claims.exp);
  if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
  if (claims.iss) jwt = jwt.setIssuer(claims.iss);
  if (claims.aud) jwt = jwt.setAudience(claims.aud);
  return jwt.sign(new TextEncoder().encode(env.secret));
}

// ---------------------------------------------------------------- the illustrative data used

const TS_LAB = 'facility:ex-top-secret-payload-lab'; // TOP_SECRET, 某載荷實驗室(示例)
const SECRET_LAB = 'facility:ex-bluewhale-naval-navigation-lab'; // SECRET, 藍鯨園海軍導航實驗室(示例)
const SECRET_INST = 'inst:ex-naval-research-unit'; // SECRET
const CONF_LAB = 'facility:ex-daxing-satcom-lab'; // CONFIDENTIAL
const INTERNAL_LAB = 'facility:ex-fengtai-emergency-engineering-center'; // INTERNAL
const PUBLIC_LAB = 'facility:ex-daxing-gnss-test-lab'; // PUBLIC
const NAVY_PARK = 'park:navy-beijing-cmf-innovation-park'; // PUBLIC, 海軍北京軍民融合創新園
const SECRET_NEED = 'need:ex-naval-navigation-payload'; // SECRET
const MISSING = 'facility:ex-replay-missing';
/** A missing id whose search text equals that of `id` (a doubled hyphen): its suggestions are the same. */
const twin = (id: string) => id.replace(/-(?=[^-]*$)/, '--');
const SOURCES = ['REPLAY PROBE: written by bench/replay-security.ts'];

const SEARCH = 'query Search($t: String!) { search(text: $t, first: 100) { score node { id } } }';
async function scoreOf(token: string | null, text: string, id: string): Promise<number | null> {
  const hits = (await data(token, SEARCH, { t: text })).search as Array<{ score: number; node: { id: string } }>;
  return hits.find((h) => h.node.id === id)?.score ?? null;
}

const CREATE = 'mutation Create($i: FacilityInput!, $k: String) { createFacility(input: $i, idempotencyKey: $k) { facility { id name classification } } }';
const DELETE = 'mutation Delete($id: ID!) { deleteNode(id: $id) { id } }';
async function createProbe(token: string, name: string, classification: Clearance, extra: Record<string, unknown> = {}): Promise<string> {
  return (await data(token, CREATE, { i: { name, nameEn: 'replay probe', classification, sources: SOURCES, kind: 'LAB', ...extra } })).createFacility.facility.id;
}
const AUDIT = `query Audit($f: AuditFilter, $n: Int, $after: String) { auditEvents(filter: $f, first: $n, after: $after) {
  totalCount hasNextPage endCursor nodes { kind outcome errorCode subject operation ids clearance maxClassification aggregates reason classificationChanges { id before after } } } }`;
async function audit(token: string, filter: Record<string, unknown>, n = 50): Promise<any> {
  return (await data(token, AUDIT, { f: filter, n })).auditEvents;
}

// ---------------------------------------------------------------- channels 1–7

async function channels(): Promise<void> {
  begin('Channels 1–7');

  await check('1 health.nodeCount counts only what the caller may see', 'anonymous, then each clearance: `{ health { nodeCount } countsByLabel { count } }`', async () => {
    const parts: string[] = [];
    let safe = true;
    for (const who of [null, ...CLEARANCES.map((c) => T[`reader:${c}`]!)]) {
      const d = await data(who, '{ health { nodeCount } countsByLabel { count } }');
      const sum = (d.countsByLabel as Array<{ count: number }>).reduce((s, x) => s + x.count, 0);
      parts.push(`${who ? CLEARANCES[parts.length - 1] : 'anonymous'} ${d.health.nodeCount}=Σ${sum}`);
      safe &&= d.health.nodeCount === sum;
    }
    return { got: parts.join(', '), safe };
  });

  await check('1 a TOP_SECRET create does not move nodeCount for others', 'TOP_SECRET editor `createFacility(classification: TOP_SECRET)`; anonymous and TOP_SECRET `health { nodeCount }` before, after, and after `deleteNode`', async () => {
    const count = async (t: string | null) => (await data(t, '{ health { nodeCount } }')).health.nodeCount as number;
    const before = [await count(null), await count(T['reader:TOP_SECRET']!)];
    const id = await createProbe(T['editor:TOP_SECRET']!, '某載荷探針(回放)', 'TOP_SECRET');
    const during = [await count(null), await count(T['reader:TOP_SECRET']!)];
    await data(T['editor:TOP_SECRET']!, DELETE, { id });
    const after = [await count(null), await count(T['reader:TOP_SECRET']!)];
    return {
      got: `anonymous ${before[0]} → ${during[0]} → ${after[0]}; TOP_SECRET ${before[1]} → ${during[1]} → ${after[1]}`,
      safe: before[0] === during[0] && during[0] === after[0] && during[1] === before[1]! + 1 && after[1] === before[1],
    };
  });

  for (const term of ['海軍', '軍北']) {
    await check(`2 a visible hit scores the same at every clearance (${term})`, `each clearance: \`search(text: "${term}")\`, score of ${NAVY_PARK}`, async () => {
      const scores = await Promise.all([null, ...CLEARANCES.map((c) => T[`reader:${c}`]!)].map((t) => scoreOf(t, term, NAVY_PARK)));
      return { got: `anonymous, PUBLIC … TOP_SECRET: ${scores.join(', ')}`, safe: scores[0] !== null && scores.every((s) => s === scores[0]) };
    });
  }

  await check('2 hidden names containing the term do not move a visible score (also deleted ones)', 'anonymous `search(text: "海軍")` score of the Navy park; then a TOP_SECRET editor creates three TOP_SECRET facilities named with 海軍, asks again, deletes them, asks again', async () => {
    const before = await scoreOf(null, '海軍', NAVY_PARK);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await createProbe(T['editor:TOP_SECRET']!, `海軍載荷探針${i}(回放)`, 'TOP_SECRET'));
    const during = await scoreOf(null, '海軍', NAVY_PARK);
    for (const id of ids) await data(T['editor:TOP_SECRET']!, DELETE, { id });
    const after = await scoreOf(null, '海軍', NAVY_PARK);
    return { got: `score ${before} → ${during} (3 hidden 海軍 nodes) → ${after} (deleted)`, safe: before !== null && before === during && during === after };
  });

  await check('2 a PUBLIC editor\'s probe node reads off no hidden term', 'PUBLIC editor creates probes 載荷探針 (載荷 is in TOP_SECRET and SECRET names) and 鈦鎢探針 (in none); `search` each term as PUBLIC and TOP_SECRET', async () => {
    const a = await createProbe(T['editor:PUBLIC']!, '載荷探針', 'PUBLIC');
    const b = await createProbe(T['editor:PUBLIC']!, '鈦鎢探針', 'PUBLIC');
    const s = [await scoreOf(T['editor:PUBLIC']!, '載荷', a), await scoreOf(T['editor:PUBLIC']!, '鈦鎢', b), await scoreOf(T['reader:TOP_SECRET']!, '載荷', a), await scoreOf(T['reader:TOP_SECRET']!, '鈦鎢', b)];
    await data(T['editor:PUBLIC']!, DELETE, { id: a });
    await data(T['editor:PUBLIC']!, DELETE, { id: b });
    return { got: `載荷 probe ${s[0]}, 鈦鎢 probe ${s[1]} (PUBLIC); ${s[2]}, ${s[3]} (TOP_SECRET)`, safe: s[0] !== null && s.every((x) => x === s[0]) };
  });

  await check('3 `touched` with a hidden id answers like a missing id', `TOP_SECRET reader reads ${TS_LAB}; PUBLIC admin \`auditEvents(filter: {touched: …})\` for it and for ${MISSING}; TOP_SECRET admin for it`, async () => {
    await data(T['reader:TOP_SECRET']!, 'query ReplayRead($id: ID!) { node(id: $id) { id name } }', { id: TS_LAB });
    const hidden = await audit(T['admin:PUBLIC']!, { touched: TS_LAB });
    const missing = await audit(T['admin:PUBLIC']!, { touched: MISSING });
    const top = await audit(T['admin:TOP_SECRET']!, { touched: TS_LAB });
    return {
      got: `PUBLIC admin: hidden ${short(hidden)}, missing ${short(missing)}; TOP_SECRET admin sees ${top.totalCount} event(s)`,
      safe: JSON.stringify(hidden) === JSON.stringify(missing) && hidden.totalCount === 0 && top.totalCount > 0,
    };
  });

  await check('3 an admin of low clearance sees no classified id anywhere in the trail', 'PUBLIC admin walks all of `auditEvents` (pages of 50, following endCursor); every id checked with a PUBLIC reader\'s `nodes(ids:)`', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let total = 0;
    let levels = new Set<string>();
    for (let page = 0; page < 100; page++) {
      const p: any = (await data(T['admin:PUBLIC']!, AUDIT, { f: {}, n: 50, after })).auditEvents;
      total = p.totalCount;
      for (const e of p.nodes) {
        for (const id of e.ids as string[]) seen.add(id);
        levels.add(e.maxClassification ?? 'none');
      }
      if (!p.hasNextPage) break;
      after = p.endCursor;
    }
    const nodeIds = [...seen].flatMap((id) => (id.includes('|') ? [id.split('|')[0]!, id.split('|')[2]!] : [id])).filter((id) => !id.startsWith('request:') && !id.startsWith('idempotency'));
    const unique = [...new Set(nodeIds)];
    const found = unique.length ? ((await data(T['reader:PUBLIC']!, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: unique })).nodes as Array<{ id: string } | null>) : [];
    // ids of probes deleted since (and the missing id asked about) are null for everyone: check them against TOP_SECRET too
    const nullIds = unique.filter((_, i) => found[i] === null);
    const topFound = nullIds.length ? ((await data(T['reader:TOP_SECRET']!, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: nullIds })).nodes as Array<{ id: string } | null>) : [];
    const hiddenShown = nullIds.filter((_, i) => topFound[i] !== null);
    return { got: `${total} events, ${seen.size} ids, levels ${[...levels].join('/')}; ids hidden from PUBLIC among them: ${hiddenShown.length ? hiddenShown.join(', ') : 'none'}`, safe: hiddenShown.length === 0 && [...levels].every((l) => l === 'PUBLIC' || l === 'none') };
  });

  await check('4 an explicit id held by a hidden node answers like one held by a visible node', `PUBLIC editor \`createFacility(input: {id: "${TS_LAB}"})\` and with id "${PUBLIC_LAB}"`, async () => {
    const hidden = await gql(T['editor:PUBLIC']!, CREATE, { i: { id: TS_LAB, name: '探針', sources: SOURCES, kind: 'LAB' } });
    const visible = await gql(T['editor:PUBLIC']!, CREATE, { i: { id: PUBLIC_LAB, name: '探針', sources: SOURCES, kind: 'LAB' } });
    const norm = (a: Answer) => JSON.stringify(a.body).replaceAll(TS_LAB, '<id>').replaceAll(PUBLIC_LAB, '<id>');
    return { got: `hidden: ${errorOf(hidden)}; visible: ${errorOf(visible)}`, safe: norm(hidden) === norm(visible) && !!hidden.body.errors };
  });

  await check('4 ids derived from nameEn never reveal a hidden holder', 'PUBLIC editor `createFacilities` of 100 candidates whose nameEn derive ids of hidden nodes ("Payload lab (example)", "Blue Whale Park naval navigation lab (example)", …) and of free ones', async () => {
    const names = ['Payload lab (example)', 'Blue Whale Park naval navigation lab (example)', 'Daxing Satellite Communications Lab (example)', 'ex top secret payload lab', 'ex bluewhale naval navigation lab'];
    const inputs = Array.from({ length: 100 }, (_, i) => ({ name: `探針${i}`, nameEn: i < names.length ? names[i] : `replay probe ${i}`, sources: SOURCES, kind: 'LAB' }));
    const a = await gql(T['editor:PUBLIC']!, 'mutation Many($i: [FacilityInput!]!) { createFacilities(inputs: $i) { facilities { id } } }', { i: inputs });
    if (a.body.errors) return { got: errorOf(a), safe: false };
    const ids = (a.body.data.createFacilities.facilities as Array<{ id: string }>).map((f) => f.id);
    for (const id of ids) await data(T['editor:PUBLIC']!, DELETE, { id });
    const suffixed = ids.every((id) => /-[a-z2-7]{8}$/.test(id));
    return { got: `all 100 created, each with a random suffix (e.g. ${ids[0]}, ${ids[3]}); deleted again`, safe: suffixed && ids.length === 100 };
  });

  await check('4 a refused attempt is recorded, at the level of what refused it', 'TOP_SECRET admin and PUBLIC admin: `auditEvents(filter: {subject: "replay-editor-public", outcome: FAILED})`', async () => {
    const top = await audit(T['admin:TOP_SECRET']!, { subject: 'replay-editor-public', outcome: 'FAILED' });
    const low = await audit(T['admin:PUBLIC']!, { subject: 'replay-editor-public', outcome: 'FAILED' });
    const topHidden = (top.nodes as any[]).filter((e) => e.ids.includes(TS_LAB));
    const lowHidden = (low.nodes as any[]).filter((e) => e.ids.includes(TS_LAB));
    return {
      got: `TOP_SECRET admin: ${top.totalCount} FAILED (${topHidden.length} naming ${TS_LAB}, ${topHidden[0]?.errorCode ?? '-'}); PUBLIC admin: ${low.totalCount} FAILED (${lowHidden.length} naming it)`,
      safe: topHidden.length >= 1 && lowHidden.length === 0 && low.totalCount >= 1,
    };
  });

  await check('5 a cursor shows no name or id', `SECRET reader \`facilities(filter: {ids: ["${SECRET_LAB}"]}) { edges { cursor } pageInfo { endCursor } }\`, the cursor base64-decoded`, async () => {
    const d = await data(T['reader:SECRET']!, 'query($id: ID!) { facilities(filter: {ids: [$id]}) { edges { cursor } pageInfo { endCursor } } }', { id: SECRET_LAB });
    const cursor = d.facilities.edges[0].cursor as string;
    const decoded = Buffer.from(cursor.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    const text = decoded.toString('utf8');
    const readable = ['bluewhale', '藍鯨', 'naval', '導航', '"id"', '{'].filter((s) => text.includes(s));
    return { got: `cursor ${cursor.slice(0, 24)}… (${cursor.length} chars), decodes to ${decoded.length} bytes; readable fragments: ${readable.length ? readable.join(', ') : 'none'}`, safe: readable.length === 0 };
  });

  await check('5 a cursor minted for SECRET is refused at PUBLIC (like a forged one)', 'SECRET reader\'s `facilities(first: 1)` endCursor used as `after` by a PUBLIC reader; and a random string', async () => {
    const c = (await data(T['reader:SECRET']!, '{ facilities(first: 1) { pageInfo { endCursor } } }')).facilities.pageInfo.endCursor;
    const q = 'query($a: String) { facilities(first: 1, after: $a) { nodes { id } } }';
    const fake = Buffer.from('{"k":"x","id":"facility:x"}').toString('base64url');
    const foreign = await gql(T['reader:PUBLIC']!, q, { a: c });
    const forgedC = await gql(T['reader:PUBLIC']!, q, { a: fake });
    // the message quotes the cursor given: compared with it replaced
    const same = JSON.stringify(foreign.body).replace(c, '<cursor>') === JSON.stringify(forgedC.body).replace(fake, '<cursor>');
    return { got: `foreign: ${errorOf(foreign).replace(c, '<cursor>')}; forged: ${errorOf(forgedC).replace(fake, '<cursor>')}`, safe: same && foreign.body.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT' };
  });

  const unread: Array<[string, string, Record<string, unknown>, string]> = [
    ['ReplayCursorOnly', 'query ReplayCursorOnly($id: ID!) { facilities(filter: {ids: [$id]}) { pageInfo { endCursor } } }', { id: SECRET_LAB }, 'pageInfo.endCursor'],
    ['ReplayTypenameOnly', 'query ReplayTypenameOnly($id: ID!) { node(id: $id) { __typename } }', { id: SECRET_LAB }, '__typename'],
    ['ReplayPathLength', 'query ReplayPathLength($from: ID!, $to: ID!) { path(from: $from, to: $to) { length } }', { from: SECRET_INST, to: NAVY_PARK }, 'path length'],
    ['ReplayScoreOnly', 'query ReplayScoreOnly { search(text: "藍鯨園海軍導航實驗室") { score } }', {}, 'search score'],
    ['ReplayTruncatedOnly', 'query ReplayTruncatedOnly($id: ID!) { neighborhood(id: $id) { truncated } }', { id: SECRET_LAB }, 'neighbourhood flag'],
  ];
  for (const [name, q, v, what] of unread) {
    await check(`5 a response showing only a ${what} of a SECRET item is audited with its id`, `SECRET reader \`${q.replace(/^query \w+(\([^)]*\))? /, '')}\`; TOP_SECRET admin \`auditEvents(filter: {operation: "${name}"})\``, async () => {
      const answer = await data(T['reader:SECRET']!, q, v);
      const events = await audit(T['admin:TOP_SECRET']!, { operation: name });
      const ids = new Set((events.nodes as any[]).flatMap((e) => e.ids as string[]));
      const expected = name === 'ReplayPathLength' ? SECRET_INST : SECRET_LAB;
      return { got: `answer ${short(answer, 80)}; ${events.totalCount} READ event(s), ids include ${expected}: ${ids.has(expected)}`, safe: events.totalCount >= 1 && ids.has(expected) };
    });
  }

  await check('5 a cleared caller\'s totals are audited as aggregates', 'SECRET reader `query ReplayTotals { facilities { totalCount } }`; TOP_SECRET admin `auditEvents(filter: {operation: "ReplayTotals"})`', async () => {
    const d = await data(T['reader:SECRET']!, 'query ReplayTotals { facilities { totalCount } }');
    const events = await audit(T['admin:TOP_SECRET']!, { operation: 'ReplayTotals' });
    const aggregates = (events.nodes as any[]).flatMap((e) => e.aggregates as string[]);
    return { got: `totalCount ${d.facilities.totalCount}; ${events.totalCount} event(s), aggregates ${short(aggregates, 80)}, at ${events.nodes[0]?.maxClassification}`, safe: events.totalCount >= 1 && aggregates.length > 0 };
  });

  await check('6 the embedded Neo4j refuses Bolt without the password', boltUri ? `${boltUri}: no credentials; user neo4j with a wrong password; mode of <home>/password` : 'needs --bolt and --neo4j-home', async () => {
    if (!boltUri || !neo4jHome) return { got: 'not given', safe: null };
    const attempt = async (auth: ReturnType<typeof neo4j.auth.basic> | undefined) => {
      const driver = neo4j.driver(boltUri!, auth, { connectionTimeout: 10_000 });
      try {
        await driver.executeQuery('MATCH (n) RETURN count(n) AS n');
        return 'ACCEPTED';
      } catch (err) {
        return (err as { code?: string }).code ?? String(err);
      } finally {
        await driver.close();
      }
    };
    const none = await attempt(undefined);
    const wrong = await attempt(neo4j.auth.basic('neo4j', 'not-the-password'));
    const s = await stat(path.join(neo4jHome, 'password'));
    const mode = (s.mode & 0o777).toString(8);
    const right = await attempt(neo4j.auth.basic('neo4j', (await readFile(path.join(neo4jHome, 'password'), 'utf8')).trim()));
    return { got: `no credentials: ${none}; wrong password: ${wrong}; password file mode ${mode}; the stored password: ${right}`, safe: none !== 'ACCEPTED' && wrong !== 'ACCEPTED' && mode === '600' && right === 'ACCEPTED' };
  });

  await check('7 an editor cannot lower a classification', `TOP_SECRET editor \`updateFacility(id: "${CONF_LAB}", patch: {classification: PUBLIC})\`, \`link\` of its CONFIDENTIAL LOCATED_IN as PUBLIC, and \`declassify\``, async () => {
    const upd = await gql(T['editor:TOP_SECRET']!, 'mutation($id: ID!) { updateFacility(id: $id, patch: {classification: PUBLIC}) { facility { classification } } }', { id: CONF_LAB });
    const link = await gql(T['editor:TOP_SECRET']!, 'mutation($i: LinkInput!) { link(input: $i) { created relationship { classification } } }', { i: { from: CONF_LAB, type: 'LOCATED_IN', to: 'park:daxing-cmi-industrial-base', classification: 'PUBLIC', sources: SOURCES } });
    const dec = await gql(T['editor:TOP_SECRET']!, 'mutation($id: ID!) { declassify(id: $id, classification: PUBLIC, reason: "probe") { after } }', { id: CONF_LAB });
    const level = (await data(T['reader:TOP_SECRET']!, 'query($id: ID!) { node(id: $id) { classification } }', { id: CONF_LAB })).node.classification;
    return {
      got: `update: ${errorOf(upd)}; link: ${errorOf(link)}; declassify: ${errorOf(dec)}; still ${level}`,
      safe: [upd, link, dec].every((a) => a.body.errors?.[0]?.extensions?.code === 'FORBIDDEN') && level === 'CONFIDENTIAL',
    };
  });

  await check('7 a declassifier cannot reach above their clearance (hidden = missing)', `PUBLIC declassifier \`declassify(id: "${TS_LAB}", …)\` and the same for ${MISSING}`, async () => {
    const q = 'mutation($id: ID!) { declassify(id: $id, classification: PUBLIC, reason: "probe") { after } }';
    const hidden = await gql(T['declassifier:PUBLIC']!, q, { id: TS_LAB });
    const missing = await gql(T['declassifier:PUBLIC']!, q, { id: MISSING });
    const norm = (a: Answer) => JSON.stringify(a.body).replaceAll(TS_LAB, '<id>').replaceAll(MISSING, '<id>');
    return { got: `hidden: ${errorOf(hidden)}; missing: ${errorOf(missing)}`, safe: norm(hidden) === norm(missing) && hidden.body.errors?.[0]?.extensions?.code === 'NOT_FOUND' };
  });

  await check('7 declassification has its own role and records before, after and reason', `CONFIDENTIAL declassifier \`declassify(id: "${INTERNAL_LAB}", classification: PUBLIC, reason: …)\`; TOP_SECRET admin reads the record; a TOP_SECRET editor raises it back to INTERNAL`, async () => {
    const d = await data(T['declassifier:CONFIDENTIAL']!, 'mutation ReplayDeclassify($id: ID!) { declassify(id: $id, classification: PUBLIC, reason: "replay: cleared for publication") { before after } }', { id: INTERNAL_LAB });
    const events = await audit(T['admin:TOP_SECRET']!, { operation: 'ReplayDeclassify' });
    const change = events.nodes[0]?.classificationChanges?.[0];
    await data(T['editor:TOP_SECRET']!, 'mutation($id: ID!) { updateFacility(id: $id, patch: {classification: INTERNAL}) { facility { id } } }', { id: INTERNAL_LAB });
    return {
      got: `${d.declassify.before} → ${d.declassify.after}; record: ${short(change)}, reason "${events.nodes[0]?.reason}"; raised back to INTERNAL`,
      safe: d.declassify.before === 'INTERNAL' && d.declassify.after === 'PUBLIC' && change?.before === 'INTERNAL' && change?.after === 'PUBLIC' && /cleared for publication/.test(events.nodes[0]?.reason ?? ''),
    };
  });
}

// ---------------------------------------------------------------- faults and exhaustion

function nested(depth: number): Record<string, unknown> {
  let f: Record<string, unknown> = { district: 'district:daxing' };
  for (let i = 0; i < depth; i++) f = { NOT: f };
  return f;
}

async function metricsText(): Promise<string> {
  return (await fetch(`${base}/metrics`, { headers: env.metricsToken ? { authorization: `Bearer ${env.metricsToken}` } : {} })).text();
}
function metricValue(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

async function faults(): Promise<void> {
  begin('Faults and exhaustion found');

  for (const t of ['AND', 'OR', 'NOT', 'and', 'or', 'not', '衛星 AND', 'AND 衛星', 'NOT 衛星']) {
    await check(`search with an operator word is literal: "${t}"`, `anonymous \`search(text: "${t}")\``, async () => {
      const a = await gql(null, SEARCH, { t });
      return { got: a.body.errors ? errorOf(a) : `${a.status}, ${a.body.data.search.length} hits`, safe: a.status === 200 && !a.body.errors };
    });
  }
  await check('search: 衛星 AND 海軍 is the word "and", not an operator', 'anonymous `search` of "衛星 AND 海軍", "衛星 and 海軍" and "衛星 海軍"', async () => {
    const ids = async (t: string) => ((await data(null, SEARCH, { t })).search as any[]).map((h) => `${h.node.id}:${h.score}`);
    const [upper, lower, plain] = [await ids('衛星 AND 海軍'), await ids('衛星 and 海軍'), await ids('衛星 海軍')];
    return { got: `AND: ${upper.length} hits, and: ${lower.length} hits, identical: ${JSON.stringify(upper) === JSON.stringify(lower)}; without the word: ${plain.length} hits`, safe: JSON.stringify(upper) === JSON.stringify(lower) && upper.length > 0 };
  });

  await check('a FacilityFilter nested 1,000 deep in variables', 'anonymous `query($f: FacilityFilter) { facilities(filter: $f) { totalCount } }`, f = NOT nested 1,000 deep', async () => {
    const a = await gql(null, 'query($f: FacilityFilter) { facilities(filter: $f) { totalCount } }', { f: nested(1000) });
    return { got: errorOf(a), safe: a.body.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT' && a.body.errors[0].extensions.argumentName === 'f' };
  });

  await check('an APQ hash mismatch keeps Apollo\'s code', '`{ health { ok } }` with extensions.persistedQuery.sha256Hash = 0…0', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ health { ok } }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }) });
    const a = { status: res.status, headers: res.headers, body: await res.json() };
    return { got: errorOf(a), safe: a.status === 400 && a.body.errors?.[0]?.extensions?.code === 'BAD_REQUEST' };
  });

  await check('neighbourhood: no node twice, `truncated` exact', 'anonymous `neighborhood(id: "district:daxing", depth: 3, limit: L) { nodes { id } truncated }` with L = 500, then L = the number of neighbours found (the start node is not counted), then one less', async () => {
    const q = 'query($l: Int) { neighborhood(id: "district:daxing", depth: 3, limit: $l) { nodes { id } truncated } }';
    const twice = (ns: Array<{ id: string }>) => ns.length - new Set(ns.map((x) => x.id)).size;
    const all = (await data(null, q, { l: 500 })).neighborhood;
    const n = all.nodes.length - 1;
    const exact = (await data(null, q, { l: n })).neighborhood;
    const less = (await data(null, q, { l: n - 1 })).neighborhood;
    return {
      got: `limit 500: start + ${n} neighbours, ${twice(all.nodes)} twice, truncated ${all.truncated}; limit ${n}: start + ${exact.nodes.length - 1}, ${twice(exact.nodes)} twice, truncated ${exact.truncated}; limit ${n - 1}: start + ${less.nodes.length - 1}, truncated ${less.truncated}`,
      safe: twice(all.nodes) === 0 && twice(exact.nodes) === 0 && twice(less.nodes) === 0 && !all.truncated && !exact.truncated && less.truncated && exact.nodes.length === n + 1 && less.nodes.length === n,
    };
  });

  for (const width of [100, 500]) {
    await check(`a ${width}-wide OR of district filters in variables`, `anonymous \`facilities(filter: $f) { totalCount }\`, f = {OR: [${width} × {district: "district:daxing"}]}`, async () => {
      const t0 = performance.now();
      const a = await gql(null, 'query($f: FacilityFilter) { facilities(filter: $f) { totalCount } }', { f: { OR: Array.from({ length: width }, () => ({ district: 'district:daxing' })) } });
      const ms = Math.round(performance.now() - t0);
      return { got: `${errorOf(a)} (in ${ms} ms)`, safe: a.body.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT' && !a.body.data };
    });
  }

  await check('default page sizes count in the cost', 'anonymous four-level `districts { nodes { parks { nodes { facilities { nodes { technologies { nodes { id } } } } } } } }` with `first: 20` written and omitted', async () => {
    const q = (f: string) => `{ districts${f} { nodes { parks${f} { nodes { facilities${f} { nodes { technologies${f} { nodes { id } } } } } } } } }`;
    const [explicit, omitted] = [await gql(null, q('(first: 20)')), await gql(null, q(''))];
    return { got: `first: 20: ${errorOf(explicit)}; omitted: ${errorOf(omitted)}`, safe: explicit.body.errors?.[0]?.extensions?.code === 'COST_LIMIT' && omitted.body.errors?.[0]?.extensions?.code === 'COST_LIMIT' && !omitted.body.data };
  });

  await check('/metrics labels only known operation names', 'GET /metrics; 300 anonymous `query ReplayProbe<random> { health { ok } }` with distinct names; GET /metrics', async () => {
    const before = await metricsText();
    const names = Array.from({ length: 300 }, () => `ReplayProbe${randomBytes(6).toString('hex')}`);
    for (let i = 0; i < names.length; i += 20) await Promise.all(names.slice(i, i + 20).map((n) => gql(null, `query ${n} { health { ok } }`)));
    const after = await metricsText();
    const leaked = names.filter((n) => after.includes(n)).length;
    return { got: `${before.length} → ${after.length} bytes; names shown: ${leaked}/300; other: ${metricValue(after, 'graphql_requests_total', 'operation="other"')}`, safe: leaked === 0 && after.length - before.length < 20_000 };
  });

  await check('user errors are counted under their own codes', 'anonymous `matchNeed(id: missing)` (NOT_FOUND) and `search(text: "   ")` (BAD_USER_INPUT); graphql_errors_total before and after', async () => {
    const before = await metricsText();
    const nf = await gql(null, 'query ReplayNotFound { matchNeed(id: "need:ex-replay-missing") { score } }');
    const bad = await gql(null, 'query ReplayBadInput { search(text: "   ") { score } }');
    const after = await metricsText();
    const delta = (code: string) => metricValue(after, 'graphql_errors_total', `code="${code}"`) - metricValue(before, 'graphql_errors_total', `code="${code}"`);
    return {
      got: `answers ${nf.body.errors?.[0]?.extensions?.code}, ${bad.body.errors?.[0]?.extensions?.code}; counted NOT_FOUND +${delta('NOT_FOUND')}, BAD_USER_INPUT +${delta('BAD_USER_INPUT')}, INTERNAL_SERVER_ERROR +${delta('INTERNAL_SERVER_ERROR')}`,
      safe: delta('NOT_FOUND') === 1 && delta('BAD_USER_INPUT') === 1 && delta('INTERNAL_SERVER_ERROR') === 0,
    };
  });

  await check('user errors are logged under their own codes', logFile ? 'the server log of the whole replay so far' : 'needs the server started by the replay', async () => {
    if (!logFile) return { got: 'not given', safe: null };
    const log = await readFile(logFile, 'utf8');
    const internal = log.split('\n').filter((l) => l.includes('INTERNAL_SERVER_ERROR')).length;
    const notFound = log.split('\n').filter((l) => l.includes('"NOT_FOUND"')).length;
    return { got: `log lines with NOT_FOUND: ${notFound}; with INTERNAL_SERVER_ERROR: ${internal}`, safe: internal === 0 && notFound > 0 };
  });

  await check('production refuses to start without issuer and audience checks', '`NODE_ENV=production JWT_SECRET=… npm start` without JWT_ISSUER / JWT_AUDIENCE', async () => {
    const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const p = spawn('npm', ['start'], { cwd: ROOT, env: productionEnv({ JWT_SECRET: env.secret, PORT: '0', NEO4J_URI: 'bolt://127.0.0.1:1' }), stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      p.stdout.on('data', (d) => (text += d));
      p.stderr.on('data', (d) => (text += d));
      const timer = setTimeout(() => p.kill('SIGKILL'), 120_000);
      p.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, text });
      });
    });
    const said = /JWT_ISSUER and JWT_AUDIENCE/.test(out.text);
    return { got: `exit ${out.code}; ${said ? '"NODE_ENV=production accepts bearer tokens only with JWT_ISSUER and JWT_AUDIENCE set"' : short(out.text, 200)}`, safe: out.code !== 0 && said };
  });

  const now = Math.floor(Date.now() / 1000);
  const badTokens: Array<[string, () => Promise<string>]> = [
    ['another issuer', () => forged({ iss: 'https://evil.example', aud: env.audience, iat: now, exp: now + 600 })],
    ['another audience', () => forged({ iss: env.issuer, aud: 'someone-else', iat: now, exp: now + 600 })],
    ['no issuer or audience', () => forged({ iat: now, exp: now + 600 })],
    ['a 30-day lifetime', () => forged({ iss: env.issuer, aud: env.audience, iat: now, exp: now + 30 * 86_400 })],
    ['iat one hour ahead', () => forged({ iss: env.issuer, aud: env.audience, iat: now + 3600, exp: now + 7200 })],
  ];
  for (const [what, make] of badTokens) {
    await check(`a token with ${what} is refused`, `\`{ viewer { clearance } }\` with a TOP_SECRET token signed with the server's secret, ${what}`, async () => {
      const a = await gql(await make(), '{ viewer { clearance } }');
      return { got: errorOf(a), safe: a.status === 401 && !a.body.data };
    });
  }

  await check('production gives no enum suggestion', 'anonymous `facilities(filter: {classification: [SECRE]})` inline and in variables', async () => {
    const inline = await gql(null, '{ facilities(filter: {classification: [SECRE]}) { totalCount } }');
    const vars = await gql(null, 'query($c: [Classification!]) { facilities(filter: {classification: $c}) { totalCount } }', { c: ['SECRE'] });
    const text = JSON.stringify([inline.body, vars.body]);
    return { got: `${errorOf(inline)} / ${errorOf(vars)}`, safe: !/Did you mean|"SECRET"|SECRET\b/.test(text.replace(/SECRE\b/g, '')) };
  });
}

// ---------------------------------------------------------------- attacker pass

async function attacker(): Promise<void> {
  begin('Attacker pass over the finished product');

  await check('introspection is off in production', 'anonymous and TOP_SECRET `{ __schema { types { name } } }` and `{ __type(name: "Facility") { fields { name } } }`', async () => {
    const res = await Promise.all([null, T['reader:TOP_SECRET']!].flatMap((t) => [gql(t, '{ __schema { types { name } } }'), gql(t, '{ __type(name: "Facility") { fields { name } } }')]));
    return { got: res.map(errorOf).join(' / '), safe: res.every((a) => !a.body.data && a.body.errors?.length) };
  });

  await check('no field suggestions in production', 'anonymous `{ facilitie { id } }` and `{ facilities { nodes { nam } } }`', async () => {
    const res = [await gql(null, '{ facilitie { id } }'), await gql(null, '{ facilities { nodes { nam } } }')];
    return { got: res.map(errorOf).join(' / '), safe: res.every((a) => !/Did you mean/.test(JSON.stringify(a.body))) };
  });

  // every door taking an id, asked by a PUBLIC caller: a hidden id must answer exactly like a missing one
  const doors: Array<[string, string, (id: string) => Record<string, unknown>, string]> = [
    ['node', 'query($id: ID!) { node(id: $id) { id } }', (id) => ({ id }), 'reader:PUBLIC'],
    ['neighborhood', 'query($id: ID!) { neighborhood(id: $id) { nodes { id } truncated } }', (id) => ({ id }), 'reader:PUBLIC'],
    ['path', 'query($id: ID!) { path(from: $id, to: "district:daxing") { length } }', (id) => ({ id }), 'reader:PUBLIC'],
    ['coverageGaps', 'query($id: ID!) { coverageGaps(district: "district:daxing", technology: $id) { depth } }', () => ({ id: 'tech:ex-gnss-anti-jamming' }), 'reader:PUBLIC'],
    ['facilityCoverageWhatIf (remove)', 'query($id: ID!) { facilityCoverageWhatIf(scenario: {removeFacilities: [$id]}) { after { facilities } } }', (id) => ({ id }), 'reader:PUBLIC'],
    ['facilityCoverageWhatIf (service)', 'query($id: ID!) { facilityCoverageWhatIf(scenario: {addServices: [{facility: $id, technology: "tech:beidou"}]}) { after { facilities } } }', (id) => ({ id }), 'reader:PUBLIC'],
    ['matchNeed', 'query($id: ID!) { matchNeed(id: $id) { score } }', () => ({ id: SECRET_NEED }), 'reader:PUBLIC'],
    ['accessRequests(facility)', 'query($id: ID!) { accessRequests(facility: $id) { nodes { id } hasNextPage } }', (id) => ({ id }), 'member:PUBLIC'],
    ['requestFacilityAccess', 'mutation($id: ID!) { requestFacilityAccess(input: {facility: $id, purpose: "probe", periodStart: "2026-01-01", periodEnd: "2026-01-02"}) { id } }', (id) => ({ id }), 'member:PUBLIC'],
    ['requestFacilityAccess (need)', 'mutation($id: ID!) { requestFacilityAccess(input: {facility: "facility:ex-daxing-gnss-test-lab", need: $id, purpose: "probe", periodStart: "2026-01-01", periodEnd: "2026-01-02"}) { id } }', () => ({ id: SECRET_NEED }), 'member:PUBLIC'],
    ['updateFacility', 'mutation($id: ID!) { updateFacility(id: $id, patch: {name: "probe"}) { facility { id } } }', (id) => ({ id }), 'editor:PUBLIC'],
    ['deleteNode', 'mutation($id: ID!) { deleteNode(id: $id) { id } }', (id) => ({ id }), 'editor:PUBLIC'],
    ['link', 'mutation($id: ID!) { link(input: {from: $id, type: LOCATED_IN, to: "district:daxing", sources: ["probe"]}) { created } }', (id) => ({ id }), 'editor:PUBLIC'],
    ['unlink', 'mutation($id: ID!) { unlink(from: $id, type: LOCATED_IN, to: "district:daxing") { deleted } }', (id) => ({ id }), 'editor:PUBLIC'],
    ['resolve', 'query($id: String!) { resolve(text: $id) { score node { id } } }', (id) => ({ id }), 'reader:PUBLIC'],
    ['nodes', 'query($id: ID!) { nodes(ids: [$id, "district:daxing"]) { id } }', (id) => ({ id }), 'reader:PUBLIC'],
    ['facilities(filter: {ids})', 'query($id: ID!) { facilities(filter: {ids: [$id]}) { totalCount nodes { id } } }', (id) => ({ id }), 'reader:PUBLIC'],
    ['facilities(filter: {technology})', 'query($id: ID!) { facilities(filter: {technology: $id}) { totalCount } }', () => ({ id: 'tech:ex-gnss-anti-jamming' }), 'reader:PUBLIC'],
    ['facilityCoverageWhatIf (add, hidden technology)', 'query($id: ID!) { facilityCoverageWhatIf(scenario: {addFacilities: [{name: "x", technologies: [$id]}]}) { after { facilities } } }', () => ({ id: 'tech:ex-gnss-anti-jamming' }), 'reader:PUBLIC'],
    ['coverageGapsWhatIf', 'query($id: ID!) { coverageGapsWhatIf(district: "district:daxing", technology: $id, scenario: {}) { after { depth } } }', () => ({ id: 'tech:ex-gnss-anti-jamming' }), 'reader:PUBLIC'],
    ['sharedFacilityNetwork', 'query($id: ID!) { sharedFacilityNetwork(technology: $id) { links { weight } } }', () => ({ id: 'tech:ex-gnss-anti-jamming' }), 'reader:PUBLIC'],
    ['compareDocuments', 'query($id: ID!) { compareDocuments(a: $id, b: "doc:jingzhengfa-2013-19") { __typename } }', (id) => ({ id }), 'reader:PUBLIC'],
  ];
  for (const [name, q, vars, who] of doors) {
    await check(`hidden = missing through ${name}`, `${who.replace(':', ' ')} with a hidden id and a missing id of the same search text (one more hyphen: suggestions for an unknown id are searched from its text)`, async () => {
      const hiddenVars = vars(TS_LAB);
      const missingVars = Object.fromEntries(Object.entries(vars(TS_LAB)).map(([k, v]) => [k, typeof v === 'string' ? twin(v) : v]));
      const [h, m] = [await gql(T[who]!, q, hiddenVars), await gql(T[who]!, q, missingVars)];
      const ids = [...Object.values(hiddenVars), ...Object.values(missingVars)].map(String);
      const norm = (a: Answer) => ids.reduce((s, id) => s.replaceAll(id, '<id>'), JSON.stringify({ s: a.status, b: a.body }));
      return { got: `hidden: ${short(h.body.errors ? errorOf(h) : h.body.data, 90)}; missing: ${short(m.body.errors ? errorOf(m) : m.body.data, 90)}`, safe: norm(h) === norm(m) };
    });
  }

  await check('the cost-limit message is the same at every clearance', 'the four-level query without page sizes, anonymous and TOP_SECRET', async () => {
    const q = '{ districts { nodes { parks { nodes { facilities { nodes { technologies { nodes { id } } } } } } } } }';
    const [a, b] = [await gql(null, q), await gql(T['reader:TOP_SECRET']!, q)];
    return { got: `${errorOf(a)} / ${errorOf(b)}`, safe: JSON.stringify(a.body) === JSON.stringify(b.body) };
  });

  await check('an idempotency key is no oracle across callers', 'TOP_SECRET editor creates a TOP_SECRET facility with key K; a PUBLIC editor (another subject) and the same subject at PUBLIC reuse K with another input', async () => {
    const k = `replay-${randomBytes(4).toString('hex')}`;
    const top = await data(T['editor:TOP_SECRET']!, CREATE, { i: { name: '載荷冪等探針', classification: 'TOP_SECRET', nameEn: 'replay idempotency probe', sources: SOURCES, kind: 'LAB' }, k });
    const other = await gql(T['editor:PUBLIC']!, CREATE, { i: { name: '冪等探針', nameEn: 'replay idempotency probe', sources: SOURCES, kind: 'LAB' }, k });
    const dualTop = await data(T['dual:TOP_SECRET']!, CREATE, { i: { name: '載荷冪等探針二', classification: 'TOP_SECRET', nameEn: 'replay idempotency probe', sources: SOURCES, kind: 'LAB' }, k: `${k}-dual` });
    const dualLow = await gql(T['dual:PUBLIC']!, CREATE, { i: { name: '冪等探針二', nameEn: 'replay idempotency probe', sources: SOURCES, kind: 'LAB' }, k: `${k}-dual` });
    const created = [top.createFacility.facility.id, dualTop.createFacility.facility.id];
    const low = [other, dualLow].map((a) => a.body.data?.createFacility?.facility?.id as string | undefined);
    for (const id of created) await data(T['editor:TOP_SECRET']!, DELETE, { id });
    for (const [i, id] of low.entries()) if (id) await data(i === 0 ? T['editor:PUBLIC']! : T['dual:PUBLIC']!, DELETE, { id });
    return {
      got: `other subject: ${other.body.errors ? errorOf(other) : `created ${low[0]}`}; same subject at PUBLIC: ${dualLow.body.errors ? errorOf(dualLow) : `created ${low[1]}`}`,
      safe: !!low[0] && !!low[1] && !created.includes(low[0]!) && !created.includes(low[1]!),
    };
  });

  await check('a name held by a hidden node can be reused (no uniqueness oracle)', `PUBLIC editor \`createFacility(input: {name: "某載荷實驗室(示例)", nameEn: "Payload lab (example)"})\``, async () => {
    const a = await gql(T['editor:PUBLIC']!, CREATE, { i: { name: '某載荷實驗室(示例)', nameEn: 'Payload lab (example)', sources: SOURCES, kind: 'LAB' } });
    const id = a.body.data?.createFacility?.facility?.id;
    if (id) await data(T['editor:PUBLIC']!, DELETE, { id });
    return { got: a.body.errors ? errorOf(a) : `created ${id} (deleted again)`, safe: !!id && id !== TS_LAB };
  });

  await check('HTTP batching is off', 'a JSON array of two `{ health { ok } }` operations', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ health { ok } }' }, { query: '{ health { ok } }' }]) });
    const text = await res.text();
    return { got: `${res.status} ${short(text, 120)}`, safe: res.status === 400 };
  });

  await check('aliases cannot multiply work past the limits', 'anonymous: 16 aliases of `health`; 15 aliases of `neighborhood(depth: 3, limit: 500)`; 15 aliases of `path(all: true, maxHops: 8)`; 15 aliases of `search(first: 100)`', async () => {
    const many = (n: number, f: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${f}`).join(' ')} }`;
    const sixteen = await gql(null, many(16, 'health { ok }'));
    const timed = async (f: string) => {
      const t0 = performance.now();
      const a = await gql(null, many(15, f));
      return { a, ms: Math.round(performance.now() - t0), size: a.body.data ? Object.values(a.body.data as Record<string, any>).reduce((s, v) => s + (Array.isArray(v) ? v.length : v.nodes.length), 0) : 0 };
    };
    const nb = await timed('neighborhood(id: "district:daxing", depth: 3, limit: 500) { nodes { id } }');
    const paths = await timed('path(from: "district:daxing", to: "district:haidian", all: true, maxHops: 8) { length }');
    const hits = await timed('search(text: "衛星", first: 100) { score }');
    const show = (x: { a: Answer; ms: number; size: number }) => (x.a.body.errors ? errorOf(x.a) : `served, ${x.size} items in ${x.ms} ms`);
    return {
      got: `16 aliases: ${errorOf(sixteen)}; 15 neighbourhoods: ${show(nb)}; 15 path sets: ${show(paths)}; 15 searches: ${show(hits)} (each within its own cap: 500 nodes, 25 paths, 100 hits)`,
      safe: sixteen.body.errors?.[0]?.extensions?.code === 'ALIAS_LIMIT' && nb.size <= 15 * 501 && paths.size <= 15 * 25 && hits.size <= 15 * 100,
    };
  });

  await check('mutations cannot travel by GET (CSRF)', 'GET /graphql?query=mutation{deleteNode(id:…)} with apollo-require-preflight', async () => {
    const qs = new URLSearchParams({ query: `mutation { deleteNode(id: "${PUBLIC_LAB}") { id } }` });
    const res = await fetch(`${url}?${qs}`, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${T['editor:PUBLIC']}` } });
    const text = await res.text();
    const still = (await data(null, 'query($id: ID!) { node(id: $id) { id } }', { id: PUBLIC_LAB })).node;
    return { got: `${res.status} ${short(text, 100)}; node still there: ${!!still}`, safe: res.status >= 400 && !!still };
  });

  await check('/healthz and /readyz reveal no counts', 'GET /healthz, GET /readyz', async () => {
    const [h, r] = [await (await fetch(`${base}/healthz`)).text(), await (await fetch(`${base}/readyz`)).text()];
    return { got: `${h} / ${r}`, safe: !/count|node/i.test(h + r) };
  });

  await check('/metrics is not open to anyone in production', 'anonymous GET /metrics without the metrics token', async () => {
    const res = await fetch(`${base}/metrics`);
    return { got: `${res.status}`, safe: res.status === 401 || res.status === 404 };
  });

  await check('/metrics carries no data-dependent value (beyond request, error and timing statistics)', 'GET /metrics: metric names', async () => {
    const text = await metricsText();
    const names = [...new Set(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(/[{ ]/)[0]!.replace(/_(bucket|sum|count)$/, '')))].filter((n) => !n.startsWith('process_') && !n.startsWith('nodejs_'));
    return { got: names.join(', '), safe: !names.some((n) => /node_count|entities|classified/.test(n)) };
  });

  await check('the log holds no classified name', logFile ? 'the server log of the replay, searched for the names of the CONFIDENTIAL … TOP_SECRET examples' : 'needs the server started by the replay', async () => {
    if (!logFile) return { got: 'not given', safe: null };
    const log = await readFile(logFile, 'utf8');
    const names = ['某載荷實驗室', '藍鯨園海軍導航實驗室', '海軍某研究所', '大興衛星通信實驗室', 'Payload lab', 'naval navigation lab'];
    const found = names.filter((n) => log.includes(n));
    return { got: `${log.split('\n').length} log lines; classified names found: ${found.length ? found.join(', ') : 'none'}`, safe: found.length === 0 };
  });

  await check('the explorer page is served with a strict CSP', 'GET /explorer/', async () => {
    const res = await fetch(`${base}/explorer/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    await res.arrayBuffer();
    return { got: `${res.status}; ${csp}`, safe: res.status === 200 && /default-src 'self'/.test(csp) && /frame-ancestors 'none'/.test(csp) && !/unsafe-inline'?\s*;?\s*$|script-src[^;]*unsafe-inline/.test(csp) };
  });
}

// ---------------------------------------------------------------- rate limits (last: they leave the address refused)

async function rateLimits(): Promise<void> {
  begin('Rate limits (last: they leave the address refused for a while)');

  await check('wrong API keys are limited per address, then every credential refused', 'wrong `x-api-key` values until the first 429 (at most 30); then a valid TOP_SECRET token; then anonymous', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 30; i++) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': `wrong-${i}` }, body: '{"query":"{ health { ok } }"}' });
      await res.text();
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        break;
      }
    }
    const valid = await gql(T['reader:TOP_SECRET']!, '{ health { ok } }');
    const anon = await gql(null, '{ health { ok } }');
    return {
      got: `${statuses.filter((s) => s === 401).length} × 401, then ${statuses.at(-1)} Retry-After ${retryAfter}; valid token then: ${valid.status} ${valid.body.errors?.[0]?.extensions?.code ?? ''}; anonymous then: ${anon.status}`,
      safe: statuses.at(-1) === 429 && statuses.length <= 11 && Number(retryAfter) > 0 && valid.status === 429,
    };
  });

  await check('requests are limited per address', 'anonymous `{ health { ok } }`, 25 at a time, until the first 429 (at most 1,500)', async () => {
    let sent = 0;
    let first429: Answer | null = null;
    while (sent < 1500 && !first429) {
      const batch = await Promise.all(Array.from({ length: 25 }, () => gql(null, '{ __typename }')));
      sent += batch.length;
      first429 = batch.find((a) => a.status === 429) ?? null;
    }
    return { got: first429 ? `429 after ≤ ${sent} requests of this replay's window, Retry-After ${first429.headers.get('retry-after')}, ${errorOf(first429)}` : `no 429 in ${sent}`, safe: !!first429 && Number(first429.headers.get('retry-after')) > 0 };
  });
}

// ---------------------------------------------------------------- main

async function writeSection(file: string, markdown: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '<!-- replay:start -->\n<!-- replay:end -->\n');
  const start = text.indexOf('<!-- replay:start -->');
  const end = text.indexOf('<!-- replay:end -->');
  if (start < 0 || end < start) throw new Error(`${file} has no <!-- replay:start --> … <!-- replay:end --> section`);
  await writeFile(file, `${text.slice(0, start)}<!-- replay:start -->\n${markdown}\n${text.slice(end)}`);
}

async function main(): Promise<number> {
  const started = Date.now();
  if (!args.url) await startProduction();
  else {
    base = new URL(args.url).origin;
    if (!env.secret || !env.issuer || !env.audience) throw new Error('with --url, set JWT_SECRET, JWT_ISSUER and JWT_AUDIENCE as the server has them');
  }
  await mintAll();
  await channels();
  await faults();
  await attacker();
  await rateLimits();
  const unsafe = lines.filter((l) => l.verdict === 'UNSAFE').length;
  const notRun = lines.filter((l) => l.verdict === 'NOT RUN').length;
  const summary = `${lines.length} reproductions: ${lines.length - unsafe - notRun} SAFE, ${unsafe} UNSAFE, ${notRun} not run (${Math.round((Date.now() - started) / 1000)} s)`;
  process.stdout.write(`\n${summary}\n`);
  if (args.write) {
    const md = sections
      .map((s) => `### ${s.title}\n\n| verdict | item | sent | came back |\n|---|---|---|---|\n${s.lines.map((l) => `| ${l.verdict} | ${cell(l.item)} | ${cell(l.sent)} | ${cell(l.got)} |`).join('\n')}`)
      .join('\n\n');
    await writeSection(args.write, `${md}\n\n**${summary}**, on ${new Date().toISOString().slice(0, 10)}.\n`);
  }
  return unsafe ? 1 : 0;
}

const interrupted = () => void stopProduction().finally(() => process.exit(130));
process.on('SIGINT', interrupted);
process.on('SIGTERM', interrupted);
main()
  .then(
    (code) => stopProduction().then(() => process.exit(code)),
    (err: unknown) => {
      process.stderr.write(`replay failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      return stopProduction().then(() => process.exit(2));
    },
  );
