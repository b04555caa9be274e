import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FieldError } from '../app-error.js';

/**
 * The Segment HTTP tracking spec's message shapes, as JSON Schema compiled
 * once: identify, track, page, screen, group, alias. Unknown top-level fields
 * are allowed (clients add their own), as Segment allows them.
 */
export const messageTypes = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export type MessageType = (typeof messageTypes)[number];

/** Segment's per-event limit. */
export const maxMessageBytes = 32 * 1024;

/**
 * Deepest nesting of objects and arrays in a message. Measuring its size with
 * JSON.stringify recurses once per level, so 10,000 levels overflowed the stack (a 500).
 */
export const maxMessageDepth = 64;

/** Whether objects or arrays sit more than `limit` levels deep; iterative, so any depth is safe. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return true;
    for (const item of Object.values(v)) stack.push([item, depth + 1]);
  }
  return false;
}
/** Segment's per-request limit for /v1/batch (and each single call). */
export const maxRequestBytes = 500 * 1024;

const id = { anyOf: [{ type: 'string', minLength: 1, maxLength: 255 }, { type: 'number' }] };
const object = { type: 'object' };
const timestamp = { type: 'string', maxLength: 64 };

const common = {
  messageId: { type: 'string', minLength: 1, maxLength: 255 },
  userId: { anyOf: [...id.anyOf, { type: 'null' }] },
  anonymousId: { anyOf: [...id.anyOf, { type: 'null' }] },
  context: object,
  integrations: object,
  timestamp,
  originalTimestamp: timestamp,
  sentAt: timestamp,
};

const needsAnId = { anyOf: [{ required: ['userId'] }, { required: ['anonymousId'] }] };

const schemas: Record<MessageType, object> = {
  identify: { type: 'object', properties: { ...common, traits: object }, ...needsAnId },
  track: {
    type: 'object',
    properties: {
      ...common,
      event: { type: 'string', minLength: 1, maxLength: 200 },
      properties: object,
    },
    required: ['event'],
    ...needsAnId,
  },
  page: {
    type: 'object',
    properties: {
      ...common,
      name: { type: 'string', maxLength: 500 },
      category: { type: 'string' },
      properties: object,
    },
    ...needsAnId,
  },
  screen: {
    type: 'object',
    properties: { ...common, name: { type: 'string', maxLength: 500 }, properties: object },
    ...needsAnId,
  },
  group: {
    type: 'object',
    properties: { ...common, groupId: id, traits: object },
    required: ['groupId'],
    ...needsAnId,
  },
  alias: {
    type: 'object',
    properties: { ...common, previousId: id },
    required: ['previousId', 'userId'],
  },
};

const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false });
addFormats.default(ajv);
const validators = Object.fromEntries(
  messageTypes.map((t) => [t, ajv.compile(schemas[t])]),
) as Record<MessageType, ReturnType<typeof ajv.compile>>;

export interface RawMessage {
  type: MessageType;
  messageId?: string;
  userId?: string | number | null;
  anonymousId?: string | number | null;
  previousId?: string | number;
  groupId?: string | number;
  event?: string;
  name?: string;
  category?: string;
  traits?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  context?: Record<string, unknown>;
  integrations?: Record<string, unknown>;
  timestamp?: string;
  originalTimestamp?: string;
  sentAt?: string;
}

function describe(error: ErrorObject): FieldError {
  const missing = error.params.missingProperty as string | undefined;
  const field = [error.instancePath.replace(/^\//, ''), missing].filter(Boolean).join('/');
  if (error.keyword === 'anyOf' && error.instancePath === '') {
    return { field: 'userId', message: 'userId or anonymousId is required' };
  }
  return {
    field: field || 'message',
    message: error.keyword === 'required' ? 'is required' : (error.message ?? 'is not valid'),
  };
}

/** Checks one message; `type` comes from the message or, for the single-call endpoints, the path. */
export function validateMessage(
  raw: unknown,
  type: MessageType | undefined,
): { ok: true; message: RawMessage } | { ok: false; errors: FieldError[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: 'message', message: 'must be a JSON object' }] };
  }
  const declared = (raw as { type?: unknown }).type;
  const effective = type ?? declared;
  if (typeof effective !== 'string' || !(messageTypes as readonly string[]).includes(effective)) {
    return {
      ok: false,
      errors: [{ field: 'type', message: `must be one of ${messageTypes.join(', ')}` }],
    };
  }
  const validate = validators[effective as MessageType];
  if (!validate(raw))
    return { ok: false, errors: (validate.errors ?? []).slice(0, 5).map(describe) };
  for (const field of ['timestamp', 'originalTimestamp', 'sentAt'] as const) {
    const value = (raw as Record<string, unknown>)[field];
    if (typeof value === 'string' && Number.isNaN(Date.parse(value))) {
      return { ok: false, errors: [{ field, message: 'must be an ISO 8601 date-time' }] };
    }
  }
  if (nestedDeeperThan(raw, maxMessageDepth)) {
    return {
      ok: false,
      errors: [
        { field: 'message', message: `nests more than ${maxMessageDepth} levels of objects` },
      ],
    };
  }
  const size = Buffer.byteLength(JSON.stringify(raw));
  if (size > maxMessageBytes) {
    return {
      ok: false,
      errors: [
        {
          field: 'message',
          message: `is ${size} bytes; the limit per event is ${maxMessageBytes}`,
        },
      ],
    };
  }
  return {
    ok: true,
    message: { ...(raw as Omit<RawMessage, 'type'>), type: effective as MessageType },
  };
}
