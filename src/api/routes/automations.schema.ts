import { z } from 'zod';
import { AUTOMATION_ID } from '../../domain/automation';
import { Id, ListQuery } from './common.schema';

export const AutomationId = z.string().regex(AUTOMATION_ID, 'is not an automation id (lowercase letters, digits and -)');

/** Params are checked against the automation's own schema by the command, which names the field. */
const change = {
  enabled: z.boolean().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  testModeEmails: z.boolean().optional(),
};

const AutomationParams = z.object({ id: AutomationId });

export const CreateAutomationSchema = {
  body: z.object({ id: AutomationId, ...change }).strict(),
};

export const UpdateAutomationSchema = {
  params: AutomationParams,
  body: z.object(change).strict()
    .refine((b) => b.enabled !== undefined || b.params !== undefined || b.testModeEmails !== undefined, { message: 'send enabled, params or testModeEmails' }),
};

export const AutomationSchema = {
  params: AutomationParams,
};

export const ListAutomationRunsSchema = {
  params: AutomationParams,
  query: ListQuery.extend({ profileId: Id.optional() }),
};

export const AutomationRunSchema = {
  params: AutomationParams.extend({ runId: Id }),
};

export const ListEmailsSchema = {
  query: ListQuery.extend({ profileId: Id.optional(), runId: Id.optional() }),
};
