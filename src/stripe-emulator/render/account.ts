import type Stripe from 'stripe';
import type { AccountProfile, AccountState } from '../store/account';
import { renderPayoutBank } from './bank-account';

/** Requirements of an account that finished onboarding: nothing is due, now or later. */
const nothingDue = (): Stripe.Account.Requirements & Stripe.Account.FutureRequirements => ({
  alternatives: [],
  current_deadline: null,
  currently_due: [],
  disabled_reason: null,
  errors: [],
  eventually_due: [],
  past_due: [],
  pending_verification: [],
});

/** Stripe fills the descriptor in from the business name at sign-up, within its rules (22 characters, no `<>\'"*`). */
function statementDescriptor(name: string | null): string | null {
  const descriptor = name?.replace(/[<>\\'"*]/g, '').trim().toUpperCase().slice(0, 22).trim();
  return descriptor && descriptor.length >= 5 ? descriptor : null;
}

function settings(profile: AccountProfile): Stripe.Account.Settings {
  return {
    bacs_debit_payments: { display_name: null, service_user_number: null },
    branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
    card_issuing: { tos_acceptance: { date: null, ip: null } },
    card_payments: {
      decline_on: { avs_failure: true, cvc_failure: true },
      statement_descriptor_prefix: null,
      statement_descriptor_prefix_kana: null,
      statement_descriptor_prefix_kanji: null,
    },
    // Where integrations read the account's name: the business name it signed up with.
    dashboard: { display_name: profile.businessName, timezone: 'Etc/UTC' },
    invoices: { default_account_tax_ids: null, hosted_payment_method_save: null },
    payments: {
      statement_descriptor: statementDescriptor(profile.businessName),
      statement_descriptor_kana: null,
      statement_descriptor_kanji: null,
      statement_descriptor_prefix_kana: null,
      statement_descriptor_prefix_kanji: null,
    },
    payouts: { debit_negative_balances: true, schedule: { delay_days: 2, interval: 'daily' }, statement_descriptor: null },
    sepa_debit_payments: {},
  };
}

/** `GET /v1/account`: a Standard account, fully onboarded. */
export function renderAccount(account: AccountState): Stripe.Account {
  const { profile } = account;
  return {
    id: profile.id,
    object: 'account',
    business_profile: {
      annual_revenue: null,
      estimated_worker_count: null,
      mcc: '5734',
      minority_owned_business_designation: null,
      name: profile.businessName,
      product_description: null,
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
    // A Standard account controls itself; it is not run by the platform that connected it.
    controller: { type: 'account' },
    country: profile.country,
    created: profile.created,
    default_currency: profile.defaultCurrency,
    details_submitted: true,
    email: profile.email,
    external_accounts: {
      object: 'list',
      data: [renderPayoutBank(profile)],
      has_more: false,
      url: `/v1/accounts/${profile.id}/external_accounts`,
    },
    future_requirements: nothingDue(),
    metadata: {},
    payouts_enabled: true,
    requirements: nothingDue(),
    settings: settings(profile),
    // Accepted at sign-up; the emulator has no browser session to take an IP or user agent from.
    tos_acceptance: { date: profile.created, ip: null, user_agent: null },
    type: 'standard',
  };
}
