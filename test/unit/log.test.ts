import { Writable } from 'node:stream';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { createLogger, defaultLogFormat, setLogFormat } from '../../src/log.js';

function sink(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('log format', () => {
  it('is pretty on a terminal and JSON otherwise, unless IRCTL_LOG_FORMAT says', () => {
    expect(defaultLogFormat({}, true)).toBe('pretty');
    expect(defaultLogFormat({}, false)).toBe('json');
    expect(defaultLogFormat({ IRCTL_LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(defaultLogFormat({ IRCTL_LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(defaultLogFormat({ IRCTL_LOG_FORMAT: 'xml' }, false)).toBe('json');
  });

  it('writes one JSON object a line, or one readable line each once set to pretty (the level kept)', () => {
    const json = sink();
    const log = createLogger({}, { destination: json.stream });
    setLogFormat(log, 'json');
    log.level = 'info';
    log.info({ event: 'request', status: 202 }, 'request');
    expect(JSON.parse(json.text().trim())).toMatchObject({ level: 30, app: 'irctl', event: 'request', status: 202, msg: 'request' });

    const pretty = sink();
    const readable = createLogger({}, { destination: pretty.stream });
    setLogFormat(readable, 'json');
    readable.level = 'info';
    setLogFormat(readable, 'pretty'); // after the logger was made: rebuilt, level kept
    readable.info({ event: 'run', transition: 'step_started', stepId: 'freeze' }, 'step freeze started');
    readable.debug('not shown');
    const lines = pretty.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/INFO.*step freeze started.*"transition":\s*"step_started"/);
    expect(() => JSON.parse(lines[0]!)).toThrow();
  });

  it('gives children that write with their bindings, at the level the parent had when they were made (as pino does)', () => {
    const out = sink();
    const log = createLogger({ node: 'a' }, { destination: out.stream });
    setLogFormat(log, 'json');
    const early = log.child({ stepId: 'early' }); // made at the default level (warn)
    expect(log.level).toBe('warn');
    log.level = 'info';
    const step = log.child({ incidentId: 'inc-1', stepId: 'freeze' });
    expect([early.level, step.level, early.isLevelEnabled('info'), step.isLevelEnabled('info')]).toEqual(['warn', 'info', false, true]);
    early.info('not shown: the child kept warn');
    step.info({ event: 'step' }, 'step freeze started');
    log.debug('below info');
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, app: 'irctl', node: 'a', incidentId: 'inc-1', stepId: 'freeze', event: 'step', msg: 'step freeze started' });
  });

  it('refuses a level pino does not know where it is set, before pino is loaded too', () => {
    const log = createLogger({}, { destination: sink().stream });
    expect(() => (log.level = 'verbose')).toThrow(/unknown level verbose/);
    expect(() => (log.child({}).level = 'loud')).toThrow(/unknown level loud/);
    expect(log.level).toBe('warn');
  });

  it('keeps a level set on a child before it writes, and writes warnings at the default level', () => {
    const out = sink();
    const log = createLogger({}, { destination: out.stream });
    setLogFormat(log, 'json');
    const quiet = log.child({ stepId: 'a' });
    quiet.level = 'error';
    quiet.warn('not shown');
    log.child({ stepId: 'b' }).warn('shown');
    expect(
      out
        .text()
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { msg: string }).msg),
    ).toEqual(['shown']);
    expect(quiet.level).toBe('error');
  });

  it('loads pino only for a line that is written: not for children, nor for calls below the level', async () => {
    // a process of its own: the test workers share modules, so pino is often loaded already here
    const script = `
      import { createRequire } from 'node:module';
      import { createLogger } from ${JSON.stringify(new URL('../../src/log.ts', import.meta.url).pathname)};
      const pinoLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/node_modules/pino/'));
      const log = createLogger({ run: 'r1' });
      const step = log.child({ step: 'isolate' }).child({ attempt: 1 });
      step.debug('below the level');
      log.info('below the level');
      const before = pinoLoaded();
      step.warn('written');
      console.log(JSON.stringify({ before, after: pinoLoaded() }));`;
    const run = await execa('node', ['--import', 'tsx', '--input-type=module', '-e', script], { env: { IRCTL_LOG_LEVEL: 'warn', IRCTL_LOG_FORMAT: 'json' } });
    expect(JSON.parse(run.stdout)).toEqual({ before: false, after: true });
    expect(run.stderr).toContain('"step":"isolate"');
  });
});
