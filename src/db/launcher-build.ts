import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkToolchain, ToolchainError } from './toolchain.js';

/** The Java launcher's Maven project (pom.xml; main classes: the embedded server and the bulk importer). */
export const LAUNCHER_DIR = fileURLToPath(new URL('../../launcher/', import.meta.url));
export const LAUNCHER_JAR = path.join(LAUNCHER_DIR, 'target', 'neo4j-launcher.jar');
export const LAUNCHER_LIB = path.join(LAUNCHER_DIR, 'target', 'lib');
export const LAUNCHER_MAIN = 'org.dualuse.launcher.EmbeddedNeo4j';
const LAUNCHER_SOURCES = [
  path.join(LAUNCHER_DIR, 'pom.xml'),
  path.join(LAUNCHER_DIR, 'src/main/java/org/dualuse/launcher/EmbeddedNeo4j.java'),
  path.join(LAUNCHER_DIR, 'src/main/java/org/dualuse/launcher/BulkImport.java'),
];

/** True when the jar and its dependencies exist and are newer than the pom and the main class. */
export function isLauncherBuilt(): boolean {
  if (!existsSync(LAUNCHER_JAR) || !existsSync(LAUNCHER_LIB)) return false;
  const built = statSync(LAUNCHER_JAR).mtimeMs;
  return LAUNCHER_SOURCES.every((f) => statSync(f).mtimeMs <= built);
}

/**
 * Builds the launcher with Maven (`mvn package`), showing Maven's progress on stderr.
 * Honours MAVEN_OPTS (e.g. `-Dmaven.repo.local=...`). Throws ToolchainError when Java or Maven is missing.
 */
export async function buildLauncher(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  checkToolchain(env, true);
  process.stderr.write('Building the embedded Neo4j launcher (Maven; the first build downloads Neo4j, ~130 MB)...\n');
  const code = await new Promise<number | null>((resolve, reject) => {
    const mvn = spawn('mvn', ['-B', '--no-transfer-progress', 'package'], {
      cwd: LAUNCHER_DIR,
      env,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    mvn.on('error', reject);
    mvn.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`Maven failed to build the launcher (exit ${code}); see its output above.`);
}

/** Builds the launcher unless it is up to date. */
export async function ensureLauncher(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!isLauncherBuilt()) await buildLauncher(env);
}

// `npm install` runs this (postinstall). With NEO4J_URI set the embedded database is optional.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const force = process.argv.includes('--force');
  (force ? buildLauncher() : ensureLauncher()).catch((err: unknown) => {
    if (err instanceof ToolchainError && process.env.NEO4J_URI) {
      process.stderr.write(`warning: ${err.message}\nNEO4J_URI is set, so the embedded Neo4j is skipped.\n`);
      return;
    }
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
