import type { Command } from 'commander';

/** `irctl evidence ls` — registered by the evidence module. */
export function registerEvidenceCommands(program: Command): void {
  void program;
}
