import type { Command } from 'commander';

/** `irctl custody log|verify` — registered by the custody module. */
export function registerCustodyCommands(program: Command): void {
  void program;
}
