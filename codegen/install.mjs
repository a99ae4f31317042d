// Installs GraphQL Code Generator into codegen/node_modules, from codegen/package-lock.json.
//
// Why apart from the app: the codegen CLI pulls in packages that declare Node >= 22 (listr2,
// @whatwg-node/*, sync-fetch). npm checks `engines` against the Node that runs npm itself, before any
// script, so on a machine whose Node is 20 the app's own install would warn about them although
// every script of this project runs on the Node 24 it brings (optionalDependencies node-linux-*,
// linked as node_modules/.bin/node). Run from the app's postinstall, this install runs on that Node 24.
//
// Skipped where development tools are left out (NODE_ENV=production, --omit=dev) and when the
// tools are already installed from the current lockfile.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const omit = (process.env.npm_config_omit ?? '').split(/[\s,]+/);
if (process.env.NODE_ENV === 'production' || omit.includes('dev')) process.exit(0);

const lock = path.join(dir, 'package-lock.json');
const hidden = path.join(dir, 'node_modules', '.package-lock.json');
const ci = process.env.npm_command === 'ci';
if (!ci && existsSync(hidden) && statSync(hidden).mtimeMs >= statSync(lock).mtimeMs) process.exit(0);

// the npm that runs this install, on the Node that runs this script (the project's Node 24)
const npmCli = process.env.npm_execpath;
const [cmd, args] = npmCli && /\.[cm]?js$/.test(npmCli) ? [process.execPath, [npmCli]] : ['npm', []];
const r = spawnSync(cmd, [...args, ci ? 'ci' : 'install', '--prefix', dir, '--no-audit', '--no-fund'], {
  stdio: 'inherit',
  env: { ...process.env, npm_config_global: undefined },
});
process.exit(r.status ?? 1);
