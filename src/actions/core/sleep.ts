import { z } from 'zod';
import { defineAction } from '../contract.js';
import { durationSchema, parseDuration } from '../../duration.js';
import { sleep } from '../../long-timers.js';

export const coreSleep = defineAction({
  name: 'core.sleep',
  phase: 'core',
  summary: 'Wait for a duration (e.g. to let a service settle). Abortable.',
  params: z.object({ duration: durationSchema.describe('e.g. 500ms, 10s, 2m') }).strict(),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: settle\n  uses: core.sleep\n  with: { duration: 2s }`,
  async run({ params, signal }) {
    const ms = parseDuration(params.duration);
    await sleep(ms, signal);
    return { kind: 'done', summary: `waited ${params.duration}`, outputs: { waited_ms: ms } };
  },
});
