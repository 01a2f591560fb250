import { z } from 'zod';
import { Id } from './common.schema';

export const ApiKeyConnectSchema = {
  body: z.object({ secretKey: z.string().trim().min(1, 'is required').max(300) }).strict(),
};

export const ResyncSchema = {
  params: z.object({ connectionId: Id }),
};
