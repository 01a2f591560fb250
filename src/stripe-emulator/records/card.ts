/** A card as stored on customers and charges. */
export interface CardDetails {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  country: string;
  funding: 'credit' | 'debit';
  fingerprint: string;
}

/** Why a card was declined: Stripe's error `code`, its `decline_code`, and the message. */
export interface CardDecline {
  code: string;
  declineCode: string;
  message: string;
}
