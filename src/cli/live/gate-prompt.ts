import { input, select } from '@inquirer/prompts';
import type { GateChoice, GatePromptContext } from './gate-describe.js';

/** Ask the responder at the terminal. Only called when stdin is a TTY. */
export async function promptAtGate(context: GatePromptContext): Promise<GateChoice> {
  const kind = await select<'approve' | 'reject' | 'wait' | 'detach'>({
    message: `Decide gate "${context.gate.id}" as ${context.actor}`,
    choices: [
      { name: 'Approve', value: 'approve', description: 'record your approval (your role and separation of duties are checked)' },
      { name: 'Reject', value: 'reject', description: 'record a rejection; the run routes by on_reject' },
      { name: 'Wait for someone else', value: 'wait', description: 'keep this run waiting here until another person decides' },
      { name: 'Detach', value: 'detach', description: 'stop here (exit 3); decide later with irctl approve / irctl resume' },
    ],
  });
  if (kind === 'wait' || kind === 'detach') return { kind };
  const needsComment = kind === 'reject' || context.gate.approval.require_comment;
  const comment = await input({
    message: needsComment ? 'Comment (required):' : 'Comment (optional):',
    validate: (text) => (!needsComment || text.trim() ? true : 'a comment is required here'),
  });
  return { kind, comment: comment.trim() || undefined };
}
