import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/cli/commands/oncall/notifier.js
async function cliNotifier(services) {
  const { notify, oncall } = services.config;
  if (!notify.webhook && !notify.slack_webhook && oncall.contacts.length === 0)
    return void 0;
  const { createNotifier } = await import("./notify-DB7Z5423.js");
  return createNotifier(services.config, { log: services.log, db: services.db });
}

export {
  cliNotifier
};
