import type { AccountProfile } from '../store/account';

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (title: string, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font-family: system-ui, sans-serif; background: #f6f9fc; color: #1a1f36; display: flex; justify-content: center; padding: 4rem 1rem; }
  main { background: #fff; border-radius: 8px; box-shadow: 0 2px 8px rgba(0,0,0,.08); padding: 2rem; max-width: 28rem; width: 100%; }
  h1 { font-size: 1.25rem; } .muted { color: #697386; font-size: .9rem; }
  label { display: block; margin: 1rem 0 .25rem; font-weight: 600; } input, select { width: 100%; padding: .5rem; box-sizing: border-box; }
  .actions { display: flex; gap: .75rem; margin-top: 1.5rem; } button { flex: 1; padding: .65rem; border-radius: 6px; border: 0; font-size: 1rem; cursor: pointer; }
  .approve { background: #635bff; color: #fff; } .deny { background: #e3e8ee; color: #1a1f36; }
</style></head><body><main>${body}</main></body></html>`;

export interface ConsentPage {
  platformName: string;
  scope: string;
  email: string;
  /** The authorize request's parameters, carried through the form. */
  hidden: Record<string, string>;
  accounts: AccountProfile[];
  /** What approving without picking an account connects. */
  defaultChoice: string;
}

/** Stripe's consent screen, reduced to what matters: who asks, for what, Approve or Deny. */
export function consentPage(consent: ConsentPage): string {
  const hidden = Object.entries(consent.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('');
  const options = consent.accounts
    .map((a) => `<option value="${escape(a.id)}">${escape(a.businessName ?? a.id)} (${escape(a.id)})</option>`)
    .join('');
  return page(
    `Connect to ${consent.platformName}`,
    `<h1><strong>${escape(consent.platformName)}</strong> wants to connect to your Stripe account</h1>
<p class="muted">Stripe emulator · requested access: <code>${escape(consent.scope)}</code></p>
<form method="post" action="/oauth/authorize">${hidden}
<label for="email">Email</label><input id="email" name="stripe_user[email]" type="email" value="${escape(consent.email)}">
<label for="account">Account</label><select id="account" name="account"><option value="">${escape(consent.defaultChoice)}</option>${options}</select>
<div class="actions"><button class="deny" name="decision" value="deny">Deny</button><button class="approve" name="decision" value="approve">Connect</button></div>
</form>`,
  );
}

export function errorPage(message: string): string {
  return page('Stripe Connect error', `<h1>Something went wrong</h1><p>${escape(message)}</p>`);
}
