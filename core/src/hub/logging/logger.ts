import { AsyncLocalStorage } from "node:async_hooks";
import { pino, type Logger } from "pino";

/**
 * Paths whose values never reach a log line: tokens, certificates, keys, passwords, signatures and
 * authorization headers, wherever they sit in a logged object (two levels deep, and in headers).
 */
export const REDACT_PATHS = [
  "authorization",
  "password",
  "pin",
  "secret",
  "token",
  "accessToken",
  "refreshToken",
  "apiKey",
  "privateKey",
  "certificate",
  "pfx",
  "signature",
  "cookie",
  "credentials",
]
  .flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `headers.${k}`, `req.headers.${k}`])
  .concat([
    'headers["x-timbre-signature"]',
    'headers["x-shopify-hmac-sha256"]',
    'headers["x-shopify-access-token"]',
    'headers["jumpseller-hmac-sha256"]',
    'headers["set-cookie"]',
  ]);

/** Text patterns that look like secrets, masked in messages and error texts as a last line of defence. */
const SECRET_TEXT = [
  /(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(tmb_)[A-Za-z0-9_-]{8,}/g,
  /\b(shp(?:at|ua|ca|pa)_)[A-Za-z0-9]{8,}/g,
  /(-----BEGIN [A-Z ]+-----)[\s\S]*?(-----END [A-Z ]+-----)/g,
];

export function maskSecrets(text: string): string {
  let out = text;
  for (const re of SECRET_TEXT) out = out.replace(re, (_m, a: string, b?: string) => `${a}[Redacted]${b ?? ""}`);
  return out;
}

/** Request and job ids of the work being done, added to every line logged inside it. */
const context = new AsyncLocalStorage<Record<string, string>>();

export function withLogContext<T>(fields: Record<string, string>, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

function destination() {
  // Asynchronous: writes are buffered and flushed off the request's path. Tests that capture logs
  // (TIMBRE_LOG_SYNC=1) trade that for lines that are there the moment the call returns.
  return pino.destination({ dest: 1, sync: process.env.TIMBRE_LOG_SYNC === "1", minLength: 0 });
}

export function createLogger(stream: pino.DestinationStream = destination()): Logger {
  return pino(
    {
      level: process.env.TIMBRE_LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
      base: { service: "timbre-hub" },
      redact: { paths: REDACT_PATHS, censor: "[Redacted]" },
      mixin: () => context.getStore() ?? {},
      serializers: {
        err: (e: unknown) => {
          const s = pino.stdSerializers.err(e as Error);
          return { ...s, message: maskSecrets(s.message ?? ""), stack: maskSecrets(s.stack ?? "") };
        },
      },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === "string" ? maskSecrets(a) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    stream,
  );
}

/** The hub's one logger (JSON lines on stdout). */
export const logger: Logger = createLogger();
