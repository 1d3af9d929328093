import { z } from 'zod';
import { defineAction } from '../contract.js';
import { ActionFailedError } from '../../errors.js';

export const coreFail = defineAction({
  name: 'core.fail',
  phase: 'core',
  summary: 'Fail on purpose (tests, and runbooks that must stop with a message).',
  params: z.object({ message: z.string().default('failed on purpose') }).strict(),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: stop-here\n  uses: core.fail\n  with: { message: "not supported yet" }`,
  async run({ params }) {
    throw new ActionFailedError(params.message);
  },
});
