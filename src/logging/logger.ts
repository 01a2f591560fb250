import pino, { Logger } from 'pino';

/** Paths pino blanks out wherever they appear: secrets never reach the logs. */
const REDACT = [
  '*.secretKey', '*.accessToken', '*.refreshToken', '*.apiKey', '*.password', '*.credentials', '*.authorization',
  'secretKey', 'accessToken', 'refreshToken', 'apiKey', 'credentials', 'req.headers.authorization',
  'req.headers.cookie', 'req.headers["stripe-signature"]',
];

export function createLogger(level = 'info', name = 'stripe-engage'): Logger {
  return pino({ name, level, redact: { paths: REDACT, censor: '[redacted]' } });
}

export type { Logger };
