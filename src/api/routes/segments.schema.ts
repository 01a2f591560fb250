import { z } from 'zod';
import { ListQuery } from './common.schema';

export const SegmentMembersSchema = {
  params: z.object({ key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'is not a segment key') }),
  query: ListQuery,
};
