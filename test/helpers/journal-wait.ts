import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';

/** Poll the store (no timing assumptions) until the step has a journal row that started and has
 *  not ended; returns its incident id. For tests that interrupt a run mid-step. */
export async function waitUntilStepStarted(dbPath: string, stepId: string): Promise<string> {
  for (let i = 0; i < 1000; i++) {
    if (existsSync(dbPath)) {
      const db = new Database(dbPath, { readonly: true });
      try {
        const row = db.prepare("SELECT incident_id FROM step_journal WHERE step_id = ? AND status = 'started'").get(stepId) as
          { incident_id: string } | undefined;
        if (row) return row.incident_id;
      } catch {
        // the schema may not be there yet
      } finally {
        db.close();
      }
    }
    await delay(20);
  }
  throw new Error(`step "${stepId}" never started`);
}
