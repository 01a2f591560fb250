import type { AutomationRun } from '../../domain/automation';
import { notFound } from '../../domain/errors';
import type { ApiDeps } from '../deps';
import { presentAutomationRun, presentRunStep, type AutomationRunView, type RunStepView } from '../presenters/automation-run';
import { presentEmail, type EmailView } from '../presenters/email';

type Deps = Pick<ApiDeps, 'automations' | 'automationRuns' | 'profiles' | 'outbox'>;

export interface RunPageQuery {
  automationId?: string;
  profileId?: string;
  limit: number;
  cursor?: string | null;
}

export interface AutomationRunDetail extends AutomationRunView {
  steps: RunStepView[];
  emails: EmailView[];
}

/** A run's emails are few (one per email step); a page of this size holds them all. */
const EMAILS_OF_A_RUN = 100;

async function present(deps: Deps, projectId: string, runs: AutomationRun[]): Promise<AutomationRunView[]> {
  const emails = await deps.profiles.emailsOf(projectId, runs.map((r) => r.profileId));
  return runs.map((r) => {
    const spec = deps.automations.version(r.automationId, r.version) ?? deps.automations.find(r.automationId);
    return presentAutomationRun(r, { automationName: spec?.name ?? null, trigger: spec?.trigger ?? null, email: emails.get(r.profileId) ?? null });
  });
}

/** The project's runs, newest first (of one automation or profile when asked), naming whom each is about. */
export async function automationRunPage(deps: Deps, projectId: string, query: RunPageQuery): Promise<{ data: AutomationRunView[]; nextCursor: string | null }> {
  const page = await deps.automationRuns.list(projectId, query);
  return { data: await present(deps, projectId, page.data), nextCursor: page.nextCursor };
}

/** One run of the project with its steps and emails; another project's run (or another automation's) is not found. */
export async function automationRunDetail(deps: Deps, projectId: string, runId: string, automationId?: string): Promise<AutomationRunDetail> {
  const run = await deps.automationRuns.find(projectId, runId);
  if (!run || (automationId !== undefined && run.automationId !== automationId)) throw notFound(`automation run ${runId}`);
  const [[view], steps, emails] = await Promise.all([
    present(deps, projectId, [run]),
    deps.automationRuns.steps(run.id),
    deps.outbox.list(projectId, { runId: run.id, limit: EMAILS_OF_A_RUN }),
  ]);
  return { ...view!, steps: steps.map(presentRunStep), emails: emails.data.map(presentEmail) };
}
