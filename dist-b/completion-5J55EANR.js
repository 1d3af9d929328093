import {
  commandOutput
} from "./chunk-WJ5BD4RA.js";

// dist/cli/commands/run/completion.js
import { Argument } from "commander";
function walk(command, prefix = []) {
  const subcommands = command.commands.filter((c) => c.name() !== "help");
  const options = command.options.flatMap((o) => [o.long, o.short].filter((flag) => Boolean(flag)));
  const here = { path: prefix.join(" "), words: [...subcommands.map((c) => c.name()), ...options, "--help"] };
  return [here, ...subcommands.flatMap((c) => walk(c, [...prefix, c.name()]))];
}
function bashScript(root) {
  const cases = walk(root).map((node) => `    "${node.path}") words="${node.words.join(" ")}" ;;`).join("\n");
  return `# irctl bash completion: source <(irctl completion bash)
_irctl() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    if [[ -n "$(_irctl_words "\${path:+$path }$word")" ]]; then path="\${path:+$path }$word"; fi
  done
  COMPREPLY=($(compgen -W "$(_irctl_words "$path")" -- "$cur"))
}
_irctl_words() {
  local words=""
  case "$1" in
${cases}
  esac
  echo "$words"
}
complete -F _irctl irctl
`;
}
function zshScript(root) {
  return `#compdef irctl
# irctl zsh completion: source <(irctl completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(root)}`;
}
function registerCompletionCommand(program) {
  program.command("completion").description("print a shell completion script (generated from the commands themselves)").addArgument(new Argument("<shell>", "bash or zsh").choices(["bash", "zsh"])).addHelpText("after", `
Examples:
  source <(irctl completion bash)
  irctl completion zsh > "\${fpath[1]}/_irctl"`).action((shell, _options, command) => {
    const out = commandOutput(command);
    let root = command;
    while (root.parent)
      root = root.parent;
    out.out(shell === "bash" ? bashScript(root) : zshScript(root));
  });
}
export {
  registerCompletionCommand
};
