import { z } from 'zod';
import { SIMULATED_ACTIONS } from '../commands/simulate-stripe-activity';
import { Id } from './common.schema';

export const SimulateFormSchema = {
  params: z.object({ projectId: Id, connectionId: Id }),
  body: z.object({
    action: z.enum(SIMULATED_ACTIONS, 'pick what should happen'),
    /** a Stripe customer of the connection; empty for a random one */
    customer: z.union([z.literal(''), Id]).default('').transform((v) => v || undefined),
  }).strict(),
};
