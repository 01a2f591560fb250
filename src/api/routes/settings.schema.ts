import { z } from 'zod';
import { SIMULATED_ACTIONS } from '../commands/simulate-stripe-activity';
import { SETTINGS_NOTICES } from '../views/settings-page';
import { Id, StripeEventId } from './common.schema';

const ProjectParams = z.object({ projectId: Id });

/** What a redirect back to the page may name; anything malformed is dropped, never an error. */
export const SettingsPageSchema = {
  params: ProjectParams,
  query: z.object({
    notice: z.enum(SETTINGS_NOTICES).optional(),
    event: StripeEventId.optional().catch(undefined),
    action: z.enum(SIMULATED_ACTIONS).optional().catch(undefined),
    object: Id.optional().catch(undefined),
    profile: Id.optional().catch(undefined),
    email: z.string().max(320).optional().catch(undefined),
  }),
};

export const ApiKeyFormSchema = {
  params: ProjectParams,
  body: z.object({ secretKey: z.string().trim().max(300).default('') }).strict(),
};

export const ResyncFormSchema = {
  params: ProjectParams.extend({ connectionId: Id }),
};

export const DeadEventFormSchema = {
  params: ProjectParams.extend({ connectionId: Id, stripeEventId: StripeEventId }),
};

export const DisconnectFormSchema = {
  params: ProjectParams.extend({ connectionId: Id }),
  /** what happens to the Stripe data on the profiles: kept (the default) or purged */
  body: z.object({ data: z.enum(['keep', 'purge']).default('keep') }).strict(),
};
