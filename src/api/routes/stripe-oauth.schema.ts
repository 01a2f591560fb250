import { z } from 'zod';
import { Id } from './common.schema';

export const ConnectSchema = {
  params: z.object({ projectId: Id }),
};

const PROJECT_MARK = '~';

/**
 * The `state` we send Stripe: `<projectId>~<signed state>`. The signed part alone decides the
 * callback; the project in clear only lets a refused callback, in a browser that has no session
 * of that project, still lead back to the project's Integrations page.
 */
export const stateForStripe = (projectId: string, signed: string): string => `${projectId}${PROJECT_MARK}${signed}`;

const ReturnedState = z.string().max(500).transform((raw) => {
  const mark = raw.indexOf(PROJECT_MARK);
  const projectId = raw.slice(0, Math.max(mark, 0));
  return Id.safeParse(projectId).success ? { projectId, signed: raw.slice(mark + 1) } : { projectId: null, signed: raw };
});

/** What Stripe appends to the redirect URI: `code` on approval, `error` on refusal; `state` either way. */
export const CallbackSchema = {
  query: z.object({
    code: z.string().max(500).optional(),
    state: ReturnedState.optional(),
    error: z.string().max(100).optional(),
    error_description: z.string().max(1000).optional(),
  }),
};
