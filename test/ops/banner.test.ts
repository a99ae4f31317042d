import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { shellQuote, startBanner } from '../../src/ops/banner.js';
import { createLogger, logFormat } from '../../src/ops/logger.js';
import { testDatabase } from '../helpers.js';

const db = testDatabase();
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ db, port: 0 });
});
afterAll(async () => {
  await server?.close();
  await db.close();
});

describe('start banner', () => {
  it('names the GraphQL and explorer URLs', () => {
    const b = startBanner('http://localhost:4000/graphql');
    expect(b.message.split('\n')[0]).toBe('GraphQL ready at http://localhost:4000/graphql');
    expect(b.message).toContain('explorer  http://localhost:4000/explorer/');
    expect(b.fields.explorer).toBe('http://localhost:4000/explorer/');
  });

  it('its example, pasted into a shell, gets an answer from the server', async () => {
    const { example } = startBanner(server.url).fields;
    const { stdout } = await promisify(execFile)('sh', ['-c', example]);
    expect(JSON.parse(stdout).data.health.ok).toBe(true);
  });

  it('quotes single quotes for the shell', async () => {
    const { stdout } = await promisify(execFile)('sh', ['-c', `printf %s ${shellQuote("it's")}`]);
    expect(stdout).toBe("it's");
  });
});

describe('log format', () => {
  it('pretty on a terminal, JSON otherwise; LOG_FORMAT overrides', () => {
    expect(logFormat({}, true)).toBe('pretty');
    expect(logFormat({}, false)).toBe('json');
    expect(logFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormat({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(() => logFormat({ LOG_FORMAT: 'xml' }, false)).toThrow(/LOG_FORMAT/);
  });

  it('pretty lines are for people, JSON lines for collectors; credentials are redacted in both', () => {
    for (const format of ['pretty', 'json'] as const) {
      let out = '';
      const destination = new Writable({ write: (c, _e, done) => ((out += String(c)), done()) });
      createLogger({ format, destination }).info({ headers: { authorization: 'Bearer s3cret' } }, 'GraphQL ready at http://localhost:4000/graphql');
      expect(out).toContain('GraphQL ready at http://localhost:4000/graphql');
      expect(out).not.toContain('s3cret');
      if (format === 'json') expect(JSON.parse(out)).toMatchObject({ level: 30, msg: 'GraphQL ready at http://localhost:4000/graphql' });
      else expect(() => JSON.parse(out)).toThrow();
    }
  });

  it('LOG_LEVEL sets the level, info when unset', () => {
    const saved = process.env.LOG_LEVEL;
    try {
      delete process.env.LOG_LEVEL;
      expect(createLogger({ format: 'json', destination: new Writable({ write: (_c, _e, done) => done() }) }).level).toBe('info');
      process.env.LOG_LEVEL = 'warn';
      let out = '';
      const logger = createLogger({ format: 'json', destination: new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }) });
      expect(logger.level).toBe('warn');
      logger.info('not shown');
      logger.warn('shown');
      expect(out).not.toContain('not shown');
      expect(out).toContain('shown');
    } finally {
      if (saved === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = saved;
    }
  });
});
