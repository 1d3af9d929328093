import { Argument, Command } from 'commander';
import { commandOutput } from '../../command-output.js';

interface Node {
  path: string; // "custody verify"
  words: string[]; // subcommands and options offered after it
}

/** Every command path with the words that may follow it, read from the commander tree itself. */
function walk(command: Command, prefix: string[] = []): Node[] {
  const subcommands = command.commands.filter((c) => c.name() !== 'help');
  const options = command.options.flatMap((o) => [o.long, o.short].filter((flag): flag is string => Boolean(flag)));
  const here: Node = { path: prefix.join(' '), words: [...subcommands.map((c) => c.name()), ...options, '--help'] };
  return [here, ...subcommands.flatMap((c) => walk(c, [...prefix, c.name()]))];
}

function bashScript(root: Command): string {
  const cases = walk(root)
    .map((node) => `    "${node.path}") words="${node.words.join(' ')}" ;;`)
    .join('\n');
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

function zshScript(root: Command): string {
  // zsh runs bash completion functions through bashcompinit: one generated source of truth
  return `#compdef irctl
# irctl zsh completion: source <(irctl completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(root)}`;
}

export function registerCompletionCommand(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (generated from the commands themselves)')
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .addHelpText(
      'after',
      `
Examples:
  source <(irctl completion bash)
  irctl completion zsh > "\${fpath[1]}/_irctl"`,
    )
    .action((shell: 'bash' | 'zsh', _options: unknown, command: Command) => {
      const out = commandOutput(command);
      let root: Command = command;
      while (root.parent) root = root.parent;
      out.out(shell === 'bash' ? bashScript(root) : zshScript(root));
    });
}
