import { setTimeout as delay } from 'node:timers/promises';
import type Docker from 'dockerode';
import { reinspect, type ResolvedTarget } from '../../docker/target.js';

export type HealthVerdict = { ok: true; health: 'healthy' | 'running' } | { ok: false; why: string };

const POLL_MS = 200;

/**
 * Wait until a just-started container proves itself: with a HEALTHCHECK, its status turns
 * healthy; without one, it keeps running (not restarting) for `settleMs`. Never waits past
 * `timeoutMs`.
 */
export async function waitUntilHealthy(target: ResolvedTarget, settleMs: number, timeoutMs: number, signal: AbortSignal): Promise<HealthVerdict> {
  const deadline = Date.now() + timeoutMs;
  let runningSince: number | undefined;
  for (;;) {
    const info = await reinspect(target, signal);
    const state = info.State as Docker.ContainerInspectInfo['State'] & { Health?: { Status: string; Log?: { Output: string }[] } };
    if (!state.Running || state.Restarting) {
      return {
        ok: false,
        why: `it is ${state.Restarting ? 'restarting' : state.Status} (exit code ${state.ExitCode}${state.Error ? `, ${state.Error}` : ''})`,
      };
    }
    if (state.Health && state.Health.Status !== 'none') {
      if (state.Health.Status === 'healthy') return { ok: true, health: 'healthy' };
      if (state.Health.Status === 'unhealthy') {
        const last = state.Health.Log?.[state.Health.Log.length - 1]?.Output?.trim();
        return { ok: false, why: `its HEALTHCHECK reports unhealthy${last ? `: ${last.slice(0, 300)}` : ''}` };
      }
    } else {
      runningSince ??= Date.now();
      if (Date.now() - runningSince >= settleMs) return { ok: true, health: 'running' };
    }
    if (Date.now() >= deadline) {
      return {
        ok: false,
        why: state.Health
          ? `its HEALTHCHECK was still "${state.Health.Status}" after ${timeoutMs} ms`
          : `it did not stay up for ${settleMs} ms within ${timeoutMs} ms`,
      };
    }
    await delay(POLL_MS, undefined, { signal });
  }
}
