import { pino, type Logger } from 'pino';

/**
 * JSON logs on stdout. Tokens never reach a log line: URLs are logged as paths without their query,
 * and the redact list catches any header or field that could carry one.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'oms-sync' },
    redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Path of a request URL without its query string (which may carry `?token=`). */
export function safePath(url: string | undefined): string {
  if (!url) return '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
