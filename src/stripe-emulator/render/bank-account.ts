import type Stripe from 'stripe';
import type { AccountProfile } from '../store/account';

/**
 * The payout bank account of an onboarded account: Stripe's test bank (routing 110000000,
 * account 000123456789), which every emulated account has, so its fingerprint is one for all.
 */
export function renderPayoutBank(profile: AccountProfile): Stripe.BankAccount {
  const nothingDue = { currently_due: [], errors: [], past_due: [], pending_verification: [] };
  return {
    id: `ba_${profile.id.slice('acct_'.length)}`,
    object: 'bank_account',
    account: profile.id,
    account_holder_name: profile.businessName,
    account_holder_type: 'company',
    account_type: null,
    available_payout_methods: ['standard'],
    bank_name: 'STRIPE TEST BANK',
    country: profile.country,
    currency: profile.defaultCurrency,
    default_for_currency: true,
    fingerprint: 'Ep3vs1KsMoe0Fsbu',
    future_requirements: nothingDue,
    last4: '6789',
    metadata: {},
    requirements: nothingDue,
    routing_number: profile.country === 'US' ? '110000000' : null,
    status: 'new',
  };
}
