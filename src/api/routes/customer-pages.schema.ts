import { z } from 'zod';
import { Id, ListQuery } from './common.schema';

export const CustomersPageSchema = {
  params: z.object({ projectId: Id }),
  query: ListQuery.extend({
    email: z.string().trim().max(320).optional(),
    segment: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/).optional(),
  }),
};

export const CustomerPageSchema = {
  params: z.object({ projectId: Id, id: Id }),
  /** `cursor`: the timeline page to show (the previous page's "Older entries" link) */
  query: ListQuery.pick({ cursor: true }),
};
