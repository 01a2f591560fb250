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
  /**
   * `cursor`: the timeline page to show (the previous page's "Older entries" link); after "Resync
   * this customer", `notice=resynced` and how many objects were `repaired` (malformed: dropped)
   */
  query: ListQuery.pick({ cursor: true }).extend({
    notice: z.literal('resynced').optional().catch(undefined),
    repaired: z.coerce.number().int().min(0).optional().catch(undefined),
  }),
};

export const CustomerResyncFormSchema = {
  params: z.object({ projectId: Id, id: Id }),
};
