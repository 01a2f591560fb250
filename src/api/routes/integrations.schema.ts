import { z } from 'zod';
import { Id } from './common.schema';

export const ApiKeyConnectSchema = {
  body: z.object({ secretKey: z.string().trim().min(1, 'is required').max(300) }).strict(),
};

export const ResyncSchema = {
  params: z.object({ connectionId: Id }),
};

export const ConnectionEventsSchema = {
  params: z.object({ connectionId: Id }),
  query: z.object({ status: z.literal('dead').default('dead') }).strict(),
};

export const DeadEventActionSchema = {
  params: z.object({ connectionId: Id, stripeEventId: z.string().regex(/^evt_\w{1,120}$/, 'must be a Stripe event id (evt_…)') }),
};

export const UpdateConnectionSchema = {
  params: z.object({ connectionId: Id }),
  body: z.object({
    timelineHistory: z.boolean().optional(),
    /** how often the drift check runs; 0 turns it off */
    driftCheckEveryHours: z.number().int().min(0).max(8760).optional(),
  }).strict().refine((b) => Object.keys(b).length > 0, 'names nothing to change'),
};

export const DriftCheckSchema = {
  params: z.object({ connectionId: Id }),
};

/** `?purge=true` also removes the connection's Stripe data from the profiles; the default keeps it. */
export const DisconnectSchema = {
  params: z.object({ connectionId: Id }),
  query: z.object({ purge: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') }).strict(),
};
