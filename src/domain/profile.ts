/**
 * The customer profile: one per person per project, keyed by email (or, for a Stripe customer
 * without one, by its customer id). Types and rules only; the stores in `src/db` persist them, and
 * `docs/profiles.md` explains the identity rules.
 */
import { STRIPE_TRAIT_PREFIX } from './traits';
import { validationError } from './errors';

export type TraitValue = string | number | boolean;
export type Traits = Record<string, TraitValue>;
/** A change to traits: a value sets the key, null removes it. */
export type TraitPatch = Record<string, TraitValue | null>;

export interface Profile {
  id: string;
  projectId: string;
  email: string | null;
  traits: Traits;
  createdAt: Date;
  updatedAt: Date;
}

/** `stripe.*` traits belong to the sync; nothing else may write them. */
export const RESERVED_TRAIT_PREFIX = STRIPE_TRAIT_PREFIX;

export const isReservedTrait = (key: string): boolean => key.toLowerCase().startsWith(RESERVED_TRAIT_PREFIX);

/** A patch from outside the sync, split into what it sets and what it removes; reserved keys are refused. */
export function splitTraitPatch(patch: TraitPatch): { set: Traits; unset: string[] } {
  const reserved = Object.keys(patch).filter(isReservedTrait);
  if (reserved.length) {
    throw validationError(`traits: ${reserved.join(', ')}: traits starting with "${RESERVED_TRAIT_PREFIX}" come from Stripe and cannot be written`);
  }
  const set: Traits = {};
  const unset: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) unset.push(key);
    else set[key] = value;
  }
  return { set, unset };
}

/** The key of the profile a Stripe customer without email gets: its customer id. */
export const customerExternalKey = (stripeCustomerId: string) => `stripe_customer:${stripeCustomerId}`;

/** How a profile is found: by email key, or by external key when it has no email. */
export interface ProfileKeys {
  id: string;
  emailKey: string | null;
  externalKey: string | null;
}

/** A profile to create: with an email, or keyed by an external key. */
export type NewProfileKey = { email: string; emailKey: string } | { externalKey: string };

/** Where a timeline entry came from: Stripe (live or historical), an automation, the product's API. */
export type ProfileEventSource = 'stripe' | 'automation' | 'api';

/** One entry of a profile's timeline. */
export interface ProfileEvent {
  id: string;
  projectId: string;
  profileId: string;
  /** e.g. "Stripe Charge Failed" */
  name: string;
  source: ProfileEventSource;
  /** the id in the source (a Stripe event id); unique per project and source, so a redelivery records nothing twice */
  sourceEventId: string | null;
  occurredAt: Date;
  /** imported from the past rather than seen live; never triggers anything */
  historical: boolean;
  properties: Record<string, unknown>;
  createdAt: Date;
}

/** A timeline entry to record: its id and creation time come from the store; it is live unless said otherwise. */
export type NewProfileEvent = Omit<ProfileEvent, 'id' | 'createdAt' | 'historical'> & { historical?: boolean };
