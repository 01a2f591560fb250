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
  /** where the form posts its decision */
  action: string;
  title: string;
  clientName: string;
  /** what follows the client's name in the heading */
  asks: string;
  /** the access asked for, as Stripe names it */
  access: string;
  approveLabel: string;
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
    consent.title,
    `<h1><strong>${escape(consent.clientName)}</strong> ${escape(consent.asks)}</h1>
<p class="muted">Stripe emulator · requested access: <code>${escape(consent.access)}</code></p>
<form method="post" action="${escape(consent.action)}">${hidden}
<label for="email">Email</label><input id="email" name="stripe_user[email]" type="email" value="${escape(consent.email)}">
<label for="account">Account</label><select id="account" name="account"><option value="">${escape(consent.defaultChoice)}</option>${options}</select>
<div class="actions"><button class="deny" name="decision" value="deny">Deny</button><button class="approve" name="decision" value="approve">${escape(consent.approveLabel)}</button></div>
</form>`,
  );
}

/** A Stripe App's Marketplace listing: installing from here starts in Stripe, so no state comes back. */
export function listingPage(app: { name: string; installUrl: string; permissions: readonly string[] }): string {
  return page(
    `${app.name} · Stripe App Marketplace`,
    `<h1>${escape(app.name)}</h1>
<p class="muted">Stripe emulator · App Marketplace</p>
<p>Permissions: ${app.permissions.map((p) => `<code>${escape(p)}</code>`).join(' ')}</p>
<div class="actions"><a class="approve" style="text-align:center;padding:.65rem;border-radius:6px;color:#fff;text-decoration:none" href="${escape(app.installUrl)}" data-install>Install app</a></div>`,
  );
}

export function errorPage(message: string): string {
  return page('Stripe Connect error', `<h1>Something went wrong</h1><p>${escape(message)}</p>`);
}
