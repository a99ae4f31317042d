import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** What the embedded database needs on the machine: Java 17+ to run Neo4j, Maven to build the launcher. */
export interface Toolchain {
  /** Path of the `java` executable (from JAVA_HOME when set, else PATH). */
  java: string;
  javaMajor: number;
  /** Path of the `mvn` executable, or null when only running an already built launcher. */
  mvn: string | null;
}

export const MIN_JAVA = 17;

export const NO_TOOLCHAIN_HINT =
  'Install a JDK 17+ (e.g. `apt-get install openjdk-17-jdk-headless`) and Maven 3.8+ (`apt-get install maven`), ' +
  'or set NEO4J_URI to use your own Neo4j.';

/** Raised when Java or Maven is missing or too old; its message says what to install. */
export class ToolchainError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`The embedded Neo4j cannot be built or started:\n  - ${problems.join('\n  - ')}\n${NO_TOOLCHAIN_HINT}`);
    this.name = 'ToolchainError';
    this.problems = problems;
  }
}

/**
 * Finds Java and (when `needMaven`) Maven using only the given environment (PATH, JAVA_HOME),
 * so the check can be pointed at any PATH. Throws ToolchainError listing every problem found.
 */
export function checkToolchain(env: NodeJS.ProcessEnv = process.env, needMaven = true): Toolchain {
  const problems: string[] = [];
  const java = env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
  const javaMajor = javaVersion(java, env);
  if (javaMajor === null) {
    problems.push(`Java ${MIN_JAVA}+ not found (looked for ${env.JAVA_HOME ? java : '`java` on PATH'})`);
  } else if (javaMajor < MIN_JAVA) {
    problems.push(`Java ${javaMajor} found at ${java}, but Neo4j 5 needs Java ${MIN_JAVA}+`);
  }
  let mvn: string | null = null;
  if (needMaven) {
    const r = spawnSync('mvn', ['-v'], { env, encoding: 'utf8' });
    if (r.error || r.status !== 0) problems.push('Maven not found (looked for `mvn` on PATH)');
    else mvn = 'mvn';
  }
  if (problems.length > 0) throw new ToolchainError(problems);
  return { java, javaMajor: javaMajor!, mvn };
}

function javaVersion(java: string, env: NodeJS.ProcessEnv): number | null {
  const r = spawnSync(java, ['-version'], { env, encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  // `openjdk version "17.0.15"`, `java version "1.8.0_392"`, `openjdk version "25"`
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m) return null;
  const major = Number(m[1]);
  return major === 1 && m[2] ? Number(m[2]) : major;
}
