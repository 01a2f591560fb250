import type { ApiDeps } from '../deps';
import { presentAutomation, type AutomationView } from '../presenters/automation';

/** Every automation of the build with the project's setting for it, as the API and the page show them. */
export async function automationViews(deps: Pick<ApiDeps, 'automations' | 'automationSettings'>, projectId: string): Promise<AutomationView[]> {
  const settings = new Map((await deps.automationSettings.list(projectId)).map((s) => [s.automationId, s]));
  return deps.automations.list().map((spec) => presentAutomation(spec, settings.get(spec.id)));
}
