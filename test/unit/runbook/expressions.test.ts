import { describe, expect, it } from 'vitest';
import { ExpressionError, evaluate, interpolate, templateReferences } from '../../../src/runbook/expressions.js';

const scope = {
  inputs: { container: 'web-1', count: 3, flag: false },
  steps: { scan: { outputs: { findings: 2, tags: ['shell', 'miner'] }, outcome: 'done' } },
  alert: { output_fields: { 'container.id': 'abc123def456' }, priority: 'Critical' },
};

describe('expressions', () => {
  it('keeps the type of a value when a string is exactly one expression', () => {
    expect(interpolate('${{ inputs.count }}', scope)).toBe(3);
    expect(interpolate('${{ inputs.flag }}', scope)).toBe(false);
  });

  it('joins text and expressions into a string', () => {
    expect(interpolate('name=${{ inputs.container }} n=${{ inputs.count }}', scope)).toBe('name=web-1 n=3');
  });

  it('reads keys with dots through brackets', () => {
    expect(interpolate("${{ alert.output_fields['container.id'] }}", scope)).toBe('abc123def456');
  });

  it('compares numbers, strings case-insensitively, and combines with boolean operators', () => {
    expect(evaluate('steps.scan.outputs.findings > 1 && alert.priority == "critical"', scope)).toBe(true);
    expect(evaluate('!(inputs.count >= 3) || inputs.flag', scope)).toBe(false);
    expect(evaluate("${{ contains(steps.scan.outputs.tags, 'miner') }}", scope)).toBe(true);
  });

  it('treats a missing path as null rather than failing', () => {
    expect(evaluate('inputs.nothing.deeper == null', scope)).toBe(true);
  });

  it('refuses prototype access and unknown functions', () => {
    expect(() => evaluate("inputs['__proto__']", scope)).toThrow(ExpressionError);
    expect(() => evaluate('inputs.constructor', scope)).toThrow(/not allowed/);
    expect(() => evaluate("constructor.constructor('return 1')()", scope)).toThrow(ExpressionError);
    expect(() => evaluate("eval('1')", scope)).toThrow(/unknown function "eval"/);
  });

  it('reports the offset of a syntax error inside a template', () => {
    try {
      interpolate('abc ${{ inputs. }}', scope);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError);
      expect((error as ExpressionError).offset).toBe(16);
    }
  });

  it('finds a missing closing brace', () => {
    expect(() => interpolate('${{ inputs.container', scope)).toThrow(/missing closing/);
  });

  it('lists the references of a template for static checks', () => {
    const refs = templateReferences('${{ steps.scan.outputs.findings }} ${{ inputs[alert.key] }}');
    expect(refs.map((r) => [r.root, r.path.join('.')])).toEqual([
      ['steps', 'scan.outputs.findings'],
      ['inputs', ''],
      ['alert', 'key'],
    ]);
  });

  it('handles a closing brace pair inside a string literal', () => {
    expect(interpolate("${{ 'a}}b' }}", scope)).toBe('a}}b');
  });

  it('rejects deeply nested input without overflowing the stack', () => {
    expect(() => evaluate('('.repeat(500) + '1' + ')'.repeat(500), scope)).toThrow(/nested too deeply/);
    expect(() => evaluate('!'.repeat(500) + '1', scope)).toThrow(/nested too deeply/);
  });
});
