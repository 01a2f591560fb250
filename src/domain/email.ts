/**
 * Email identity: profiles are matched on the trimmed, lower-cased email (`email_key`) while the
 * display value keeps Stripe's casing. Pure and sandbox-safe.
 */
export interface NormalizedEmail {
  /** trimmed, casing as Stripe has it */
  email: string;
  /** trimmed and lower-cased: what profiles are matched on */
  emailKey: string;
}

/** The identity of an email, or null when there is none (absent, empty or only whitespace). */
export function emailIdentity(raw: string | null | undefined): NormalizedEmail | null {
  const email = raw?.trim();
  if (!email) return null;
  return { email, emailKey: email.toLowerCase() };
}

/** The first of several candidate emails that carries an identity (e.g. billing, then receipt email). */
export function firstEmailIdentity(...candidates: (string | null | undefined)[]): NormalizedEmail | null {
  for (const candidate of candidates) {
    const identity = emailIdentity(candidate);
    if (identity) return identity;
  }
  return null;
}
