import { z } from 'zod';
import type { AutomationChange } from '../commands/configure-automation';
import type { AutomationSpec } from '../../domain/automation';
import { AUTOMATION_NOTICES } from '../views/automations-page';
import { PARAM_FIELD_PREFIX, TEST_MODE_EMAILS_FIELD, type FormValues } from '../views/param-form';
import { AutomationId } from './automations.schema';
import { Id } from './common.schema';

const ProjectParams = z.object({ projectId: Id });

/** What a redirect back to the page may name; anything malformed is dropped, never an error. */
export const AutomationsPageSchema = {
  params: ProjectParams,
  query: z.object({
    notice: z.enum(AUTOMATION_NOTICES).optional().catch(undefined),
    automation: AutomationId.optional().catch(undefined),
    cursor: z.string().min(1).max(200).optional().catch(undefined),
  }),
};

export const AutomationFormSchema = {
  params: ProjectParams.extend({ automationId: AutomationId }),
};

/**
 * The form's fields are named `params.<name>` (read here into `params`) beside the test-mode
 * switch; any other field is refused, as in every form.
 */
export const AutomationParamsFormSchema = {
  params: ProjectParams.extend({ automationId: AutomationId }),
  body: z.record(z.string(), z.unknown())
    .superRefine((fields, ctx) => {
      for (const key of Object.keys(fields)) {
        if (key !== TEST_MODE_EMAILS_FIELD && !key.startsWith(PARAM_FIELD_PREFIX)) ctx.addIssue({ code: 'custom', path: [key], message: 'is not a field of this form' });
      }
    })
    .transform((fields) => ({
      params: Object.fromEntries(Object.entries(fields).filter(([k]) => k.startsWith(PARAM_FIELD_PREFIX)).map(([k, v]) => [k.slice(PARAM_FIELD_PREFIX.length), v])),
      [TEST_MODE_EMAILS_FIELD]: fields[TEST_MODE_EMAILS_FIELD],
    })),
};

export const AutomationRunPageSchema = {
  params: ProjectParams.extend({ runId: Id }),
};

/**
 * The params form as a change: every field of the automation's schema (an unticked box is
 * false, an empty URL none), with browsers' CRLF line ends made plain; and what to show again
 * if it is refused.
 */
export function changeFromForm(
  spec: AutomationSpec, body: { params: Record<string, unknown>; [TEST_MODE_EMAILS_FIELD]?: unknown },
): { change: AutomationChange; values: FormValues } {
  const values: FormValues = {};
  for (const [name, field] of Object.entries(spec.params)) {
    const sent = body.params[name];
    const text = typeof sent === 'string' ? sent.replace(/\r\n?/g, '\n') : '';
    // a number that does not read as one stays text, for the validation to name the field
    values[name] = field.kind === 'boolean' ? sent === 'true' : field.kind === 'number' && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  }
  const testModeEmails = body[TEST_MODE_EMAILS_FIELD] === 'true';
  return { change: { params: values, testModeEmails }, values: { ...values, [TEST_MODE_EMAILS_FIELD]: testModeEmails } };
}
