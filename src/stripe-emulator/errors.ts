/**
 * Stripe's error vocabulary. Handlers throw these; the server writes them as
 * `{"error": {"code", "doc_url", "message", "param", "type", …}}` with the status, which is
 * what stripe-node turns into its error classes (it picks the class by status).
 */
export type StripeErrorType = 'invalid_request_error' | 'api_error' | 'card_error' | 'idempotency_error';

export interface StripeErrorFields {
  status: number;
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  /** Extra members Stripe adds for some errors, e.g. `charge` and `decline_code` on card errors. */
  extra?: Record<string, string>;
  /** Response headers the error needs, e.g. `Stripe-Rate-Limited-Reason`. */
  headers?: Record<string, string>;
}

export class StripeApiError extends Error {
  constructor(readonly fields: StripeErrorFields) {
    super(fields.message);
  }

  get status(): number {
    return this.fields.status;
  }

  toBody(): { error: Record<string, string> } {
    const { code, message, param, type, extra } = this.fields;
    const error: Record<string, string> = { ...extra };
    if (code) {
      error.code = code;
      error.doc_url = `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
    }
    error.message = message;
    if (param) error.param = param;
    error.type = type;
    return { error: sortKeys(error) };
  }
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

const invalid = (status: number, message: string, code?: string, param?: string): StripeApiError =>
  new StripeApiError({ status, type: 'invalid_request_error', message, code, param });

/** `No such customer: 'cus_x'` — the 404 for an unknown or foreign id. */
export const resourceMissing = (objectName: string, id: string, param = 'id'): StripeApiError =>
  invalid(404, `No such ${objectName}: '${id}'`, 'resource_missing', param);

export const parameterMissing = (param: string): StripeApiError =>
  invalid(400, `Missing required param: ${param}.`, 'parameter_missing', param);

export const parameterUnknown = (param: string): StripeApiError =>
  invalid(400, `Received unknown parameter: ${param}`, 'parameter_unknown', param);

export const parameterInvalid = (param: string, message: string, code = 'parameter_invalid_string'): StripeApiError =>
  invalid(400, message, code, param);

export const invalidRequest = (message: string, param?: string, code?: string, status = 400): StripeApiError =>
  invalid(status, message, code, param);

export const unrecognizedUrl = (method: string, path: string): StripeApiError =>
  invalid(
    404,
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  );

/** What the `refuseRate` fault answers. */
export const refusedByFault = (): StripeApiError => invalidRequest('The emulator refused this request (the refuseRate fault).');

export const internalError = (): StripeApiError =>
  new StripeApiError({
    status: 500,
    type: 'api_error',
    message: 'An unknown error occurred',
  });

/** A flat OAuth error as connect.stripe.com writes it: `{"error", "error_description"}`. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }

  toBody(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

/** An error of the control API (`/_emulator/…`): `{"error": {"message"}}`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A 402 card error, as for a declined test card (`tok_chargeDeclined`). */
export const cardError = (decline: { code: string; declineCode: string; message: string }, charge?: string): StripeApiError =>
  new StripeApiError({
    status: 402,
    type: 'card_error',
    message: decline.message,
    code: decline.code,
    extra: { decline_code: decline.declineCode, ...(charge ? { charge } : {}) },
  });
