import type Stripe from 'stripe';
import type { AccountState } from '../store/account';

/** `GET /v1/account`: a Standard account, fully onboarded. */
export function renderAccount(account: AccountState): Stripe.Account {
  const { profile } = account;
  return {
    id: profile.id,
    object: 'account',
    business_profile: {
      mcc: '5734',
      minority_owned_business_designation: null,
      name: profile.businessName,
      specified_commercial_transactions_act_url: null,
      support_address: null,
      support_email: profile.email,
      support_phone: null,
      support_url: null,
      url: null,
    },
    business_type: 'company',
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    country: profile.country,
    created: profile.created,
    default_currency: profile.defaultCurrency,
    details_submitted: true,
    email: profile.email,
    metadata: {},
    payouts_enabled: true,
    type: 'standard',
  };
}
