import { projectIdOf, type ApiContext } from '../context';
import { paths } from '../views/paths';
import type { SettingsNotice } from '../views/settings-page';

/** After a form: back to Settings → Integrations (303, so a reload does not post again), with a notice and what it names. */
export function backToSettings(ctx: ApiContext, notice: SettingsNotice, details: Record<string, string | null | undefined> = {}): void {
  const query = new URLSearchParams({ notice });
  for (const [key, value] of Object.entries(details)) if (value) query.set(key, value);
  ctx.status = 303;
  ctx.redirect(`${paths.settings(projectIdOf(ctx))}?${query.toString()}`);
}
