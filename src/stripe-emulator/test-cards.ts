import type { CardDecline, CardDetails } from './records/card';

/** Stripe's test card tokens (docs.stripe.com/testing) that the emulator understands. */
interface TestToken {
  card: Omit<CardDetails, 'expMonth' | 'expYear'>;
  decline?: CardDecline;
}

const generic: CardDecline = { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' };

const TEST_TOKENS: Record<string, TestToken> = {
  tok_visa: { card: { brand: 'visa', last4: '4242', country: 'US', funding: 'credit', fingerprint: 'Xt5EWLLDS7FJjR1c' } },
  tok_visa_debit: { card: { brand: 'visa', last4: '5556', country: 'US', funding: 'debit', fingerprint: 'kLm3tDKb7aT4Jv9q' } },
  tok_mastercard: { card: { brand: 'mastercard', last4: '4444', country: 'US', funding: 'credit', fingerprint: 'p2mzD9Qk4fEw7Hn1' } },
  tok_amex: { card: { brand: 'amex', last4: '8431', country: 'US', funding: 'credit', fingerprint: 'Rz8cQ1wTfV5bN3yA' } },
  tok_chargeDeclined: {
    card: { brand: 'visa', last4: '0002', country: 'US', funding: 'credit', fingerprint: 'D9sK2vXw8LqP4mZt' },
    decline: generic,
  },
  tok_chargeDeclinedInsufficientFunds: {
    card: { brand: 'visa', last4: '9995', country: 'US', funding: 'credit', fingerprint: 'f7Gh2JkL9pQw3ErT' },
    decline: { code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
  tok_chargeDeclinedExpiredCard: {
    card: { brand: 'visa', last4: '0069', country: 'US', funding: 'credit', fingerprint: 'Mn4Bv7Cx1Zl8Kj2H' },
    decline: { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' },
  },
};

export const TEST_TOKEN_NAMES = Object.keys(TEST_TOKENS);

/** The expiry year of a card issued at `now` (Unix seconds): a few years ahead. */
export const expiryYear = (now: number, yearsAhead = 3): number => new Date(now * 1000).getUTCFullYear() + yearsAhead;

/** The card behind a test token, with its decline when the token stands for a failing card. */
export function cardFromToken(token: string, expYear: number): { card: CardDetails; decline?: CardDecline } | undefined {
  const known = TEST_TOKENS[token];
  if (!known) return undefined;
  return { card: { ...known.card, expMonth: 12, expYear }, decline: known.decline };
}

export const DECLINES: readonly CardDecline[] = Object.values(TEST_TOKENS).flatMap((t) => (t.decline ? [t.decline] : []));
