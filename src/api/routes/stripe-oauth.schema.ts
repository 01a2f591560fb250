import { z } from 'zod';
import { Id } from './common.schema';

export const ConnectSchema = {
  params: z.object({ projectId: Id }),
};

/** What Stripe appends to the redirect URI: `code` on approval, `error` on refusal; `state` either way. */
export const CallbackSchema = {
  query: z.object({
    code: z.string().max(500).optional(),
    state: z.string().max(500).optional(),
    error: z.string().max(100).optional(),
    error_description: z.string().max(1000).optional(),
  }),
};
