import { z } from 'zod';
import { defineAction } from '../contract.js';

export const coreLog = defineAction({
  name: 'core.log',
  phase: 'core',
  summary: 'Write a message to the incident timeline (and the run log).',
  params: z.object({ message: z.string().describe('text to record') }).strict(),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: note\n  uses: core.log\n  with: { message: "containment done" }`,
  async run({ params, log }) {
    log.info({ message: params.message }, 'core.log');
    return { kind: 'done', summary: params.message, outputs: { message: params.message } };
  },
});
