// dist/cli/commands/oncall/notifier.js
async function cliNotifier(services) {
  const { notify, oncall } = services.config;
  if (!notify.webhook && !notify.slack_webhook && oncall.contacts.length === 0)
    return void 0;
  const { createNotifier } = await import("./notify-HP5IXOYO.js");
  return createNotifier(services.config, { log: services.log, db: services.db });
}

export {
  cliNotifier
};
