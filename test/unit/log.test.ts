import { Writable } from 'node:stream';
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
});
