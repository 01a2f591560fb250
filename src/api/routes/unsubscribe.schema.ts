import { z } from 'zod';

/** Whatever the link carries is checked by its signature; only absurd lengths are refused here. */
export const UnsubscribeSchema = {
  params: z.object({ token: z.string().min(1).max(400) }),
};
