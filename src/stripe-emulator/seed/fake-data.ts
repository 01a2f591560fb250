import type Stripe from 'stripe';
import type { SeededRandom } from './random';

/** Word lists for realistic, varied seeded people and companies (ASCII, accented, CJK, emoji). */
const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Chris', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Paul', 'Ashley', 'Steven', 'Emily', 'Andrew', 'Donna', 'Kevin', 'Michelle', 'Brian', 'Carol', 'George', 'Amanda', 'Priya', 'Wei', 'Fatima', 'Omar', 'Aisha', 'Noah', 'Liam', 'Olivia', 'Emma', 'Ava'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Patel', 'Nguyen', 'Kim', 'Chen', 'Singh', "O'Brien", 'Van der Berg', 'Okafor', 'Silva', 'Novak'];
const ACCENTED = ['José Álvarez', 'Zoë Müller', 'François Lefèvre', 'Søren Kierkegård', 'Łukasz Wójcik', 'Inês Gonçalves', 'Björn Ångström', 'Renée Dubois', 'Çağla Şahin', 'Dvořák Jiří', 'Núria Peña', 'Ana María Núñez'];
const CJK = ['山田太郎', '王伟', '李娜', '佐藤花子', '김민준', '이서연', '张伟', '鈴木一郎', '陈静', '박지훈'];
const EMOJI = ['🦄 Unicorn Labs', 'Café ☕ Olé', 'Rocket 🚀 Studio', 'Ana 🌸 Flores', 'Pizza 🍕 Palace', 'Green 🌱 Co', 'Max 😎 Power'];
const COMPANY_HEADS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Soylent', 'Cyberdyne', 'Aperture', 'Gringotts', 'Pied Piper'];
const COMPANY_TAILS = ['Inc.', 'LLC', 'GmbH', 'Ltd', 'SAS', 'Industries', 'Labs', 'Holdings', 'Co.', 'Studio'];
const DOMAINS = ['example.com', 'mail.example', 'gmail.com', 'outlook.com', 'yahoo.co.jp', 'proton.me', 'web.de', 'orange.fr', 'icloud.com', 'company.test'];
const STREETS = ['Main St', 'Oak Avenue', 'Rue de Rivoli', 'Baker Street', 'Königsallee', 'Calle Mayor', 'Elm Road', 'Market Street', 'Via Roma', 'Shibuya 2-chome'];
const CITIES: [string, string, string | null][] = [
  ['San Francisco', 'US', 'CA'], ['New York', 'US', 'NY'], ['Austin', 'US', 'TX'], ['Paris', 'FR', null], ['Berlin', 'DE', null],
  ['London', 'GB', null], ['Tokyo', 'JP', null], ['Madrid', 'ES', null], ['Toronto', 'CA', 'ON'], ['Sydney', 'AU', 'NSW'],
  ['São Paulo', 'BR', 'SP'], ['Zürich', 'CH', null],
];
const DESCRIPTIONS = ['VIP customer', 'Migrated from legacy billing', 'Referred by partner', 'Annual contract', 'Churn risk: contacted support twice', 'Enterprise trial lead', 'Pays by invoice'];
const METADATA_KEYS = ['plan_tier', 'signup_source', 'crm_id', 'region', 'segment', 'account_manager', 'referral_code', 'industry', 'team_size', 'utm_campaign'];
const LOCALES = [['en'], ['fr'], ['de'], ['ja'], ['es', 'en'], ['pt-BR']];

const NAME_STYLES = { plain: 70, accented: 10, cjk: 6, emoji: 4, company: 10 };
const PARTIAL_ADDRESS_KINDS = { country: 2, cityCountry: 2, postal: 1 };

export function personName(rng: SeededRandom): string {
  const style = rng.weighted(NAME_STYLES);
  if (style === 'accented') return rng.pick(ACCENTED);
  if (style === 'cjk') return rng.pick(CJK);
  if (style === 'emoji') return rng.pick(EMOJI);
  if (style === 'company') return companyName(rng);
  return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
}

export const companyName = (rng: SeededRandom): string => `${rng.pick(COMPANY_HEADS)} ${rng.pick(COMPANY_TAILS)}`;
export const accentedName = (rng: SeededRandom): string => rng.pick(ACCENTED);
export const cjkName = (rng: SeededRandom): string => rng.pick(CJK);
export const emojiName = (rng: SeededRandom): string => rng.pick(EMOJI);

/** An address-safe local part: accents stripped, other characters dropped. */
function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

/** A unique-looking email for a name (`index` keeps seeded emails distinct). */
export function emailFor(rng: SeededRandom, name: string | null, index: number): string {
  const local = (name && slug(name)) || `user`;
  return `${local}${index}@${rng.pick(DOMAINS)}`;
}

/** The same email as typed by someone else: other letter case, sometimes stray whitespace. */
export function emailVariant(rng: SeededRandom, email: string): string {
  const cased = rng.pick([
    email.toUpperCase(),
    email.charAt(0).toUpperCase() + email.slice(1),
    email.replace(/^[^@]+/, (local) => local.toUpperCase()),
    email.replace(/@.*/, (domain) => domain.toUpperCase()),
  ]);
  return rng.pick([cased, ` ${cased}`, `${cased} `, `  ${cased}\t`]);
}

export function phone(rng: SeededRandom): string {
  return rng.pick([`+1 415-555-${rng.digits(4)}`, `+33 6 ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)}`, `(212) 555-${rng.digits(4)}`, `+81-90-${rng.digits(4)}-${rng.digits(4)}`, `+4915${rng.digits(9)}`]);
}

export function fullAddress(rng: SeededRandom): Stripe.Address {
  const [city, country, state] = rng.pick(CITIES);
  return {
    city,
    country,
    line1: `${rng.int(1, 9999)} ${rng.pick(STREETS)}`,
    line2: rng.chance(0.3) ? `Apt ${rng.int(1, 400)}` : null,
    postal_code: rng.digits(5),
    state,
  };
}

/** Only some fields, as when a checkout collected just a country or a postal code. */
export function partialAddress(rng: SeededRandom): Stripe.Address {
  const [city, country] = rng.pick(CITIES);
  const kind = rng.weighted(PARTIAL_ADDRESS_KINDS);
  return {
    city: kind === 'cityCountry' ? city : null,
    country: kind === 'postal' ? null : country,
    line1: null,
    line2: null,
    postal_code: kind === 'postal' ? rng.digits(5) : null,
    state: null,
  };
}

export const description = (rng: SeededRandom): string => rng.pick(DESCRIPTIONS);
export const locales = (rng: SeededRandom): string[] => [...rng.pick(LOCALES)];

export function metadata(rng: SeededRandom, keys: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < keys; i++) {
    const key = i < METADATA_KEYS.length ? METADATA_KEYS[i]! : `custom_field_${i}`;
    out[key] = rng.pick(['gold', 'web', 'partner', 'emea', 'smb', 'enterprise', String(rng.int(1, 99999)), 'true', 'Ünïcödé ✓']);
  }
  return out;
}

export function guestEmail(rng: SeededRandom, index: number): string {
  return `guest.${index}.${rng.digits(3)}@${rng.pick(DOMAINS)}`;
}
