import pino, { Logger } from 'pino';

/** Paths pino blanks out wherever they appear: secrets never reach the logs. */
const REDACT = [
  '*.secretKey', '*.accessToken', '*.refreshToken', '*.apiKey', '*.password', '*.credentials', '*.authorization',
  'secretKey', 'accessToken', 'refreshToken', 'apiKey', 'credentials', 'req.headers.authorization',
  'req.headers.cookie', 'req.headers["stripe-signature"]',
];

/** `file`: write JSON lines there instead of stdout (the local demo keeps its console for people). */
export function createLogger(level = 'info', name = 'stripe-engage', file?: string): Logger {
  const options = { name, level, redact: { paths: REDACT, censor: '[redacted]' } };
  return file ? pino(options, pino.destination({ dest: file, mkdir: true, sync: false })) : pino(options);
}

export type { Logger };
