import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../../src/report/html-template.js';

describe('html template', () => {
  it('escapes interpolated text, quotes and backticks included', () => {
    expect(html`<td title="${'a"b'}">${'<script>alert(1)</script>'}</td>`.value).toBe('<td title="a&quot;b">&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(escapeHtml("'`&")).toBe('&#39;&#96;&amp;');
  });

  it('inserts markup built by the template as is and joins arrays', () => {
    const cells = ['x<', 'y'].map((value) => html`<td>${value}</td>`);
    expect(html`<tr>${cells}</tr>`.value).toBe('<tr><td>x&lt;</td><td>y</td></tr>');
  });

  it('renders null, undefined and false as nothing and numbers as text', () => {
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
  });
});
