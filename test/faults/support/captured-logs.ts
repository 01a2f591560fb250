import fs from 'node:fs';
import path from 'node:path';
import { createLogger, type Logger } from '../../../src/logging/logger';
import { tempDir } from '../../support/temp-dir';

/** The logs a suite's processes wrote, through the product's own logger (its redaction included). */
export interface CapturedLogs {
  /** a product logger writing JSON lines to a file of this capture */
  logger(name: string, level?: string): Logger;
  /** another process's log file (a spawned worker's) to read with the rest */
  include(file: string): void;
  /** everything written so far, once every logger of the capture has flushed */
  text(): Promise<string>;
}

export function captureLogs(label: string): CapturedLogs {
  const dir = tempDir(`logs-${label}`);
  const loggers: Logger[] = [];
  const files: string[] = [];
  return {
    logger(name, level = 'debug') {
      const file = path.join(dir, `${name}.log`);
      const logger = createLogger(level, name, file);
      loggers.push(logger);
      files.push(file);
      return logger;
    },
    include: (file) => void files.push(file),
    async text() {
      await Promise.all(loggers.map((l) => new Promise<void>((resolve) => l.flush(() => resolve()))));
      return files.filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    },
  };
}
