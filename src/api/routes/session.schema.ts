import { z } from 'zod';
import { Id } from './common.schema';

export const LoginPageSchema = {
  params: z.object({ projectId: Id }),
  query: z.object({ next: z.string().max(2000).optional() }),
};

export const LoginSchema = {
  params: z.object({ projectId: Id }),
  body: z.object({ apiKey: z.string().trim().max(200).default(''), next: z.string().max(2000).optional() }).strict(),
};
