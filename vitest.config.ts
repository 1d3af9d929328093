import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // Command output is compared as plain text even when CI forces colour; colour itself is
    // tested in test/unit/cli/output.test.ts.
    // Tests name the runbook directories they use; the search-path tests turn the shipped
    // (built-in) runbooks back on themselves.
    env: { NO_COLOR: '1', IRCTL_BUILTIN_RUNBOOKS: 'off' },
  },
});
