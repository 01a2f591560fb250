import pino, { Logger } from 'pino';
import { currentLogContext } from './log-context';

/** Paths pino blanks out wherever they appear: secrets never reach the logs. */
const REDACT = [
  '*.secretKey', '*.accessToken', '*.refreshToken', '*.apiKey', '*.password', '*.credentials', '*.authorization',
  'secretKey', 'accessToken', 'refreshToken', 'apiKey', 'credentials', 'req.headers.authorization',
  'req.headers.cookie', 'req.headers["stripe-signature"]',
];

/**
 * JSON lines; each carries the ids of the request or activity it was logged in (`withLogContext`).
 * `file`: write there instead of stdout (the local demo keeps its console for people).
 */
export function createLogger(level = 'info', name = 'stripe-engage', file?: string): Logger {
  const options = { name, level, redact: { paths: REDACT, censor: '[redacted]' }, mixin: currentLogContext };
  return file ? pino(options, pino.destination({ dest: file, mkdir: true, sync: false })) : pino(options);
}

export type { Logger };
