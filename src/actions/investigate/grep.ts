import { z } from 'zod';
import { defineAction, type JsonValue } from '../contract.js';
import type { Finding } from '../../investigate/findings.js';
import { compileIocs, iocParams } from '../../investigate/ioc.js';
import { matchDetail, maxInWindow, searchLines } from '../../investigate/line-search.js';
import { linesOf } from '../../investigate/verified-evidence.js';
import { durationSchema, parseDuration } from '../../duration.js';
import { findingsOutcome, verifiedArtifacts } from './finding-step.js';
import { plural } from '../../text.js';

// Text evidence worth searching; images and tar exports are binary and left to other tools.
const TEXT_KINDS = ['logs', 'host-command', 'network', 'processes', 'inspect', 'diff'];

export const investigateGrep = defineAction({
  name: 'investigate.grep',
  phase: 'investigation',
  summary: "Search the incident's captured text evidence for IoCs (default error|fail|attack|intrusion, plus regexes, IPs, domains, hashes), line by line.",
  params: z
    .object({
      ...iocParams,
      default_patterns: z.boolean().default(true).describe('also search for error|fail|attack|intrusion'),
      kinds: z
        .array(z.string().min(1))
        .default(['logs', 'host-command'])
        .describe(`evidence kinds to search (text kinds: ${TEXT_KINDS.join(', ')})`),
      steps: z.array(z.string().min(1)).default([]).describe('only evidence captured by these steps (default: any step)'),
      context: z.number().int().min(0).max(20).default(2).describe('lines kept before and after each match'),
      max_matches: z.number().int().min(1).max(10_000).default(200).describe('matches stored as findings; more are only counted'),
      window: durationSchema.default('1m').describe('window for outputs.max_per_window (timestamped lines)'),
    })
    .strict()
    .refine((params) => params.default_patterns || params.patterns.length + params.ips.length + params.domains.length + params.hashes.length > 0, {
      message: 'nothing to search for: give patterns, ips, domains or hashes, or leave default_patterns on',
    }),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: ioc-scan\n  uses: investigate.grep\n  with: { patterns: ["Failed password"], ips: [203.0.113.7], kinds: [logs] }`,
  async run(ctx) {
    const { params } = ctx;
    const matchers = compileIocs({ ...params, defaultPatterns: params.default_patterns });
    const artifacts = await verifiedArtifacts(ctx, { kinds: params.kinds, steps: params.steps }, 'investigate.grep');
    const findings: Finding[] = [];
    const byIndicator: Record<string, number> = {};
    const sources = new Map<string, number>();
    const timestamps: number[] = [];
    let total = 0;
    for (const { row, path } of artifacts) {
      const result = await searchLines(linesOf(path, ctx.signal), matchers, { context: params.context, maxMatches: params.max_matches - findings.length });
      total += result.total;
      timestamps.push(...result.timestamps);
      for (const [indicator, count] of result.byIndicator) byIndicator[indicator] = (byIndicator[indicator] ?? 0) + count;
      for (const [ip, count] of result.sourceIps) sources.set(ip, (sources.get(ip) ?? 0) + count);
      for (const match of result.matches) {
        findings.push({ severity: match.matcher.severity, kind: 'ioc-match', evidenceId: row.id, detail: matchDetail(match, row.path) });
      }
    }
    const ranked = [...sources.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const extra: Record<string, JsonValue> = {
      matches: total,
      truncated: total > findings.length,
      by_indicator: byIndicator,
      files: artifacts.length,
      max_per_window: maxInWindow(timestamps, parseDuration(params.window)),
      top_source: ranked[0]?.[0] ?? null,
      sources: Object.fromEntries(ranked.slice(0, 50)),
    };
    return findingsOutcome(
      ctx,
      findings,
      artifacts.map((a) => a.row.id),
      `searched ${plural(artifacts.length, 'file')}, ${plural(total, 'matching line')}`,
      extra,
    );
  },
});
