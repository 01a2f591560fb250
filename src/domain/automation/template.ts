/**
 * Email templates with `{{traits.plan}}`, `{{event.amount}}`, `{{profile.email}}` placeholders.
 * Rendering is plain text substitution; HTML escaping is the mail renderer's job, so a trait or an
 * event property can never become markup.
 */
export interface TemplateValues {
  traits: Record<string, unknown>;
  event: Record<string, unknown>;
  profile: { email: string | null };
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^(traits|event)\.[\w.\-:]+$|^profile\.email$/;

/** Placeholders a template uses that are not `traits.…`, `event.…` or `profile.email`. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !NAME.test(name));
}

function lookup(values: TemplateValues, name: string): unknown {
  if (name === 'profile.email') return values.profile.email;
  const [scope, ...rest] = name.split('.');
  const key = rest.join('.');
  const bag = scope === 'traits' ? values.traits : values.event;
  // traits are flat keys with dots in them ("stripe.plan"); event properties may nest
  if (key in bag) return bag[key];
  return rest.reduce<unknown>((v, part) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined), bag);
}

/** The template with each placeholder replaced by its value (empty when the value is missing). */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = lookup(values, name);
    return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean);
  });
}
