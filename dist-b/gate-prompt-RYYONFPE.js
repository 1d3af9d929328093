// dist/cli/live/gate-prompt.js
import { input, select } from "@inquirer/prompts";
async function promptAtGate(context, signal) {
  const decide = [
    { name: "Approve", value: "approve", description: "record your approval (your role and separation of duties are checked)" },
    { name: "Reject", value: "reject", description: "record a rejection; the run routes by on_reject" }
  ];
  const kind = await select({
    message: context.mayDecide ? `Decide gate "${context.gate.id}" as ${context.actor}` : `Gate "${context.gate.id}" waits for someone else`,
    choices: [
      ...context.mayDecide ? decide : [],
      { name: "Wait for someone else", value: "wait", description: "keep this run waiting here until another person decides" },
      { name: "Detach", value: "detach", description: "stop here (exit 3); decide later with irctl approve / irctl resume" }
    ]
  }, { signal });
  if (kind === "wait" || kind === "detach")
    return { kind };
  const needsComment = kind === "reject" || context.gate.approval.require_comment;
  const comment = await input({
    message: needsComment ? "Comment (required):" : "Comment (optional):",
    validate: (text) => !needsComment || text.trim() ? true : "a comment is required here"
  }, { signal });
  return { kind, comment: comment.trim() || void 0 };
}
export {
  promptAtGate
};
