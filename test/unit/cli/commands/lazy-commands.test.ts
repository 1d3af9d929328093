import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerAllCommands, registerCommands, summarizeCommands } from '../../../../src/cli/commands/index.js';

// Start-up pays only for the command that runs: these tests keep the shortcut honest.
describe('commands loaded on demand', () => {
  // marked long: it loads every command module, and the first file in a worker to do so transforms
  // them all while the suite starts up
  it('the top-level help from the build summary is the help of the real commands, word for word', { timeout: 60_000 }, async () => {
    const summary = await summarizeCommands(new Command('irctl'));
    const full = new Command('irctl');
    await registerAllCommands(full);
    const light = new Command('irctl');
    await registerCommands(light, ['--json', '--help'], () => summary);
    expect(light.helpInformation()).toBe(full.helpInformation());
    expect(light.commands.map((c) => c.name())).toContain('verify-bundle');
  });

  it('loads only the module of the command named after the global options', async () => {
    const program = new Command('irctl').option('--home <dir>').option('--json');
    await registerCommands(program, ['--home', 'run', '--json', 'status', 'inc-1'], () => undefined);
    expect(program.commands.map((c) => c.name())).toEqual(['incidents', 'status']);
  });

  it('`help <command>` loads that command; an unknown command or no build summary loads them all', async () => {
    const help = new Command('irctl');
    await registerCommands(help, ['help', 'custody'], () => undefined);
    expect(help.commands.map((c) => c.name())).toEqual(['custody']);
    const unknown = new Command('irctl');
    await registerCommands(unknown, ['staus'], () => undefined);
    expect(unknown.commands.map((c) => c.name())).toContain('status');
    const unbuilt = new Command('irctl');
    await registerCommands(unbuilt, [], () => undefined);
    expect(unbuilt.commands.length).toBeGreaterThan(15);
  });

  it('the completion script sees every command', async () => {
    const program = new Command('irctl');
    await registerCommands(program, ['completion', 'bash'], () => undefined);
    expect(program.commands.map((c) => c.name())).toEqual(expect.arrayContaining(['run', 'custody', 'serve', 'completion']));
  });
});
