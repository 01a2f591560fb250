import type { AutomationView, ParamFieldView } from '../presenters/automation';
import { csrfInput } from './forms';
import { html, type SafeHtml } from './html';
import { paths } from './paths';

/** A refused value: the field it names (`params.retryAfter`) and why. */
export interface FieldError {
  field: string | null;
  message: string;
}

/** What the form shows: the saved params, or what was just submitted when it was refused. */
export type FormValues = Record<string, string | number | boolean | null | undefined>;

export const PARAM_FIELD_PREFIX = 'params.';
export const TEST_MODE_EMAILS_FIELD = 'testModeEmails';

const PLACEHOLDERS = 'Placeholders: {{traits.…}}, {{event.…}}, {{profile.email}}.';

function fieldInput(automationId: string, f: ParamFieldView, value: string | number | boolean | null | undefined, invalid: boolean): SafeHtml {
  const id = `${automationId}-${f.name}`;
  const name = `${PARAM_FIELD_PREFIX}${f.name}`;
  const aria = invalid ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
  if (f.kind === 'boolean') {
    return html`<label class="check"><input type="checkbox" id="${id}" name="${name}" value="true"${value === true ? ' checked' : ''}${aria}> ${f.label}</label>`;
  }
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  const control = f.multiline
    ? html`<textarea id="${id}" name="${name}" rows="5" spellcheck="true"${aria}>${text}</textarea>`
    : html`<input type="text" id="${id}" name="${name}" value="${text}"${f.kind === 'url' ? html` inputmode="url" placeholder="https://…"` : ''}${f.kind === 'duration' ? html` placeholder="3 days"` : ''}${f.kind === 'number' ? html` inputmode="decimal"` : ''}${aria}>`;
  return html`<label for="${id}">${f.label}</label>${control}`;
}

function paramField(automationId: string, f: ParamFieldView, values: FormValues, error: FieldError | undefined): SafeHtml {
  const invalid = error?.field === `${PARAM_FIELD_PREFIX}${f.name}`;
  const help = [f.help, f.kind === 'template' ? PLACEHOLDERS : null].filter(Boolean).join(' ');
  return html`<div class="field${invalid ? ' invalid' : ''}" data-param="${f.name}">
  ${fieldInput(automationId, f, values[f.name], invalid)}
  ${invalid ? html`<div class="field-error" id="${automationId}-${f.name}-error" role="alert" data-field-error="${error.field}">${error.message}</div>` : ''}
  ${help ? html`<div class="help">${help}</div>` : ''}
</div>`;
}

/**
 * The form of an automation's params, generated from its param schema (text, templates,
 * durations, URLs, switches), with a refused value's error beside its field.
 */
export function paramForm(projectId: string, csrf: string, a: AutomationView, values: FormValues, error?: FieldError): SafeHtml {
  const general = error && !a.paramSchema.some((f) => error.field === `${PARAM_FIELD_PREFIX}${f.name}`);
  return html`<form method="post" action="${paths.automationAction(projectId, a.id, 'params')}" data-params-form="${a.id}" novalidate>
  ${csrfInput(csrf)}
  ${a.paramSchema.map((f) => paramField(a.id, f, values, error))}
  <div class="field"><label class="check"><input type="checkbox" name="${TEST_MODE_EMAILS_FIELD}" value="true"${values[TEST_MODE_EMAILS_FIELD] === true ? ' checked' : ''}>
    Email real people for test-mode events</label>
    <div class="help">Off: runs set off by test-mode Stripe events keep their emails in the outbox, marked test.</div></div>
  ${general ? html`<div class="alert bad" role="alert" data-form-error><div class="grow">${error.message}</div></div>` : ''}
  <p style="margin:14px 0 0"><button class="button" type="submit">Save settings</button></p>
</form>`;
}
