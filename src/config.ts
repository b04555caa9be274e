import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * The only module that reads the environment. Everything else receives a
 * validated Config, so a bad setting stops the process at boot with one clear
 * message instead of failing later in a request.
 */
const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be 0..65535')
  .max(65535, 'must be 0..65535');

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  TANDEM_DATA_DIR: z.string().trim().min(1).default('.tandem'),
  TANDEM_PORT: port.optional(),
  PORT: port.optional(),
  TANDEM_HOST: z.string().trim().min(1).default('127.0.0.1'),
  TANDEM_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  TANDEM_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024, 'must be at least 1024 bytes')
    .default(1_048_576),
  TANDEM_SESSION_TTL_HOURS: z.coerce
    .number()
    .positive('must be positive')
    .default(24 * 7),
  TANDEM_COOKIE_SECURE: z
    .enum(['true', 'false', 'auto'], { message: 'must be true, false or auto' })
    .default('auto'),
  TANDEM_PUBLIC_URL: z.string().url('must be a URL such as https://tandem.example.com').optional(),
  TANDEM_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // Rate limits, counted in memory per process (a second process counts its own).
  TANDEM_SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1, 'must be at least 1').default(10),
  TANDEM_SIGN_IN_WINDOW_MINUTES: z.coerce.number().positive('must be positive').default(15),
  TANDEM_INGEST_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(0, 'must be 0 (off) or a number of requests')
    .default(60_000),
  TANDEM_INGEST_RATE_WINDOW_SECONDS: z.coerce.number().positive('must be positive').default(60),
  // Behind a reverse proxy: which proxies' X-Forwarded-For to believe (hops, or addresses/CIDRs).
  TANDEM_TRUST_PROXY: z.string().trim().default(''),
  // Email notifications: both or neither; without them members are told in the app only.
  TANDEM_SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL (smtp://user:pass@host:587)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  TANDEM_SMTP_FROM: z
    .string()
    .trim()
    .regex(/@/, 'must be an address, e.g. "Tandem <tandem@example.com>"')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimit: number;
  sessionTtlMs: number;
  cookieSecure: boolean;
  publicUrl: string | undefined;
  dbPoolSize: number;
  /** Failed sign-ins allowed per email and address within the window before 429. */
  signInLimit: { maxFailures: number; windowMs: number };
  /** Tracking requests allowed per write key within the window; 0 = no limit. */
  ingestLimit: { maxRequests: number; windowMs: number };
  /**
   * Whose X-Forwarded-For gives a request's address (sign-in limits, logs):
   * false = the connection's peer; a number = that many proxy hops; a list =
   * proxies at these addresses/CIDRs.
   */
  trustProxy: false | number | string[];
  /** Email delivery of notifications; null = no email channel. */
  smtp: { url: string; from: string } | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Trusting every proxy ("true") would let any client name its own address and
 * slip past the sign-in limit, so only hop counts or the proxies' own
 * addresses are accepted.
 */
function parseTrustProxy(value: string): Config['trustProxy'] {
  if (value === '' || value === 'false') return false;
  if (/^\d+$/.test(value) && Number(value) >= 1) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  if (entries.every(isAddressOrCidr)) return entries;
  throw new ConfigError(
    "Invalid configuration: TANDEM_TRUST_PROXY must be false, a number of proxy hops (1), or the proxies' addresses/CIDRs separated by commas (127.0.0.1,10.0.0.0/8)",
  );
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${reasons.join('; ')}`);
  }
  const e = parsed.data;
  if ((e.TANDEM_SMTP_URL === undefined) !== (e.TANDEM_SMTP_FROM === undefined))
    throw new ConfigError(
      'Invalid configuration: TANDEM_SMTP_URL and TANDEM_SMTP_FROM go together (set both for email, or neither)',
    );
  const publicUrl = e.TANDEM_PUBLIC_URL;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.TANDEM_DATA_DIR),
    port: e.TANDEM_PORT ?? e.PORT ?? 3000,
    host: e.TANDEM_HOST,
    logLevel: e.TANDEM_LOG_LEVEL,
    bodyLimit: e.TANDEM_BODY_LIMIT,
    sessionTtlMs: e.TANDEM_SESSION_TTL_HOURS * 3_600_000,
    cookieSecure:
      e.TANDEM_COOKIE_SECURE === 'auto'
        ? (publicUrl?.startsWith('https://') ?? false)
        : e.TANDEM_COOKIE_SECURE === 'true',
    publicUrl,
    dbPoolSize: e.TANDEM_DB_POOL_SIZE,
    signInLimit: {
      maxFailures: e.TANDEM_SIGN_IN_MAX_FAILURES,
      windowMs: e.TANDEM_SIGN_IN_WINDOW_MINUTES * 60_000,
    },
    ingestLimit: {
      maxRequests: e.TANDEM_INGEST_RATE_LIMIT,
      windowMs: e.TANDEM_INGEST_RATE_WINDOW_SECONDS * 1000,
    },
    trustProxy: parseTrustProxy(e.TANDEM_TRUST_PROXY),
    smtp: e.TANDEM_SMTP_URL ? { url: e.TANDEM_SMTP_URL, from: e.TANDEM_SMTP_FROM! } : null,
  };
}
