import { describe, expect, it } from 'vitest';
import { checkToolchain, ToolchainError } from '../../src/db/toolchain.js';

describe('checkToolchain', () => {
  it('finds Java 17+ and Maven on this machine', () => {
    const t = checkToolchain(process.env, true);
    expect(t.javaMajor).toBeGreaterThanOrEqual(17);
    expect(t.mvn).toBe('mvn');
  });

  it('names Java and Maven, and the NEO4J_URI way out, when PATH is empty', () => {
    const env = { PATH: '' };
    expect(() => checkToolchain(env, true)).toThrow(ToolchainError);
    try {
      checkToolchain(env, true);
    } catch (err) {
      const e = err as ToolchainError;
      expect(e.problems).toHaveLength(2);
      expect(e.problems[0]).toMatch(/Java 17\+ not found/);
      expect(e.problems[1]).toMatch(/Maven not found/);
      expect(e.message).toMatch(/set NEO4J_URI to use your own Neo4j/);
    }
  });

  it('does not ask for Maven when only running a built launcher', () => {
    const err = (() => {
      try {
        checkToolchain({ PATH: '' }, false);
      } catch (e) {
        return e as ToolchainError;
      }
    })();
    expect(err?.problems).toEqual(['Java 17+ not found (looked for `java` on PATH)']);
  });

  it('reports a JAVA_HOME without java', () => {
    expect(() => checkToolchain({ PATH: process.env.PATH, JAVA_HOME: '/nonexistent-jdk' }, false)).toThrow(
      /looked for \/nonexistent-jdk\/bin\/java/,
    );
  });
});
