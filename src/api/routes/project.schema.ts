import { z } from 'zod';
import { Id } from './common.schema';

/** An address for the project's alerts; empty or null clears it. */
export const AlertEmail = z.union([
  z.null(),
  z.string().trim().max(320).pipe(z.union([z.literal(''), z.email({ message: 'must be an email address, like ops@example.com' })])),
]).transform((v) => v || null);

export const PatchProjectSchema = {
  body: z.object({ alertEmail: AlertEmail }).strict(),
};

export const AlertEmailFormSchema = {
  params: z.object({ projectId: Id }),
  body: z.object({ alertEmail: z.string().max(400).default('') }).strict(),
};
