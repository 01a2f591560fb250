import { configureAutomation } from '../../api/commands/configure-automation';
import type { ApiDeps } from '../../api/deps';
import type { LocalSecrets } from './secrets';

/**
 * Switches every built-in automation on for the demo project, once each: "Simulate Stripe
 * activity" → a failed charge then shows a dunning run and its email. One the newcomer switched
 * off stays off across restarts; one added to the build later is switched on at the next start.
 * Returns the ids switched on now.
 */
export async function enableDemoAutomations(deps: ApiDeps, projectId: string, secrets: LocalSecrets, save: () => void): Promise<string[]> {
  const done = new Set(secrets.demoAutomations ?? []);
  const fresh = deps.automations.list().filter((spec) => !done.has(spec.id));
  for (const spec of fresh) {
    await configureAutomation(deps, projectId, spec.id, { enabled: true });
    done.add(spec.id);
  }
  if (fresh.length) {
    secrets.demoAutomations = [...done];
    save();
  }
  return fresh.map((spec) => spec.id);
}
