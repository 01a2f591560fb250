import { z } from 'zod';
import { Id } from './common.schema';

export const InstallSchema = {
  params: z.object({ projectId: Id }),
};

export const FinishPageSchema = {
  query: z.object({ install: Id }),
};

/** The finish form: the pending install, and either the signed-in project or a project's API key to sign in with. */
export const FinishSchema = {
  body: z.object({
    install: Id,
    projectId: Id.optional(),
    apiKey: z.string().trim().max(200).optional(),
  }).strict(),
};
