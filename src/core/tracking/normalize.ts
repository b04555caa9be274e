import type { Touch } from '../entities.js';
import type { MessageType, RawMessage } from './segment-message.js';

/** A tracking message reduced to what ingest needs, with its time corrected for client clock skew. */
export interface NormalizedMessage {
  type: MessageType;
  messageId: string;
  userId: string | null;
  anonymousId: string | null;
  previousId: string | null;
  groupId: string | null;
  /** The glossary's event type: page_viewed, screen_viewed, identify, group, alias, or the track event in snake_case. */
  eventType: string;
  eventName: string | null;
  email: string | null;
  traits: Record<string, unknown>;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  touch: Touch | null;
  occurredAt: Date;
}

function text(value: string | number | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}

/** "Form Submitted" → "form_submitted", "signedUp" → "signed_up". */
export function canonicalEventType(event: string): string {
  const snake = event
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return snake.slice(0, 100) || 'event';
}

/**
 * Segment's skew correction: the client stamps `timestamp` and `sentAt` with its
 * own clock, so the time between them is trustworthy even when the clock is not;
 * the event happened that long before the server received it.
 */
export function correctedTime(
  timestamp: string | undefined,
  sentAt: string | undefined,
  receivedAt: Date,
): Date {
  if (!timestamp) return receivedAt;
  const at = Date.parse(timestamp);
  if (!sentAt) return new Date(at);
  return new Date(receivedAt.getTime() - (Date.parse(sentAt) - at));
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 500) : null;
}

/** Campaign from context.campaign, else from utm_ parameters of the page URL. */
export function campaignTouch(
  context: Record<string, unknown>,
  properties: Record<string, unknown>,
): Touch | null {
  const campaign = asObject(context.campaign);
  let touch: Touch = {
    source: str(campaign.source),
    medium: str(campaign.medium),
    campaign: str(campaign.name),
  };
  if (!touch.source && !touch.medium && !touch.campaign) {
    const page = asObject(context.page);
    const url = str(page.url) ?? str(properties.url);
    const search =
      str(page.search) ??
      str(properties.search) ??
      (url?.includes('?') ? url.slice(url.indexOf('?')) : null);
    if (search) {
      const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
      touch = {
        source: str(params.get('utm_source')),
        medium: str(params.get('utm_medium')),
        campaign: str(params.get('utm_campaign')),
      };
    }
  }
  return touch.source || touch.medium || touch.campaign ? touch : null;
}

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function normalizeMessage(
  raw: RawMessage,
  receivedAt: Date,
  batchSentAt: string | undefined,
  fallbackMessageId: string,
): NormalizedMessage {
  const traits = asObject(raw.traits);
  const properties = asObject(raw.properties);
  const context = asObject(raw.context);
  const contextTraits = asObject(context.traits);
  const rawEmail = str(
    raw.type === 'group' ? contextTraits.email : (traits.email ?? contextTraits.email),
  );
  const eventType =
    raw.type === 'track'
      ? canonicalEventType(raw.event ?? 'event')
      : raw.type === 'page'
        ? 'page_viewed'
        : raw.type === 'screen'
          ? 'screen_viewed'
          : raw.type;
  const eventName =
    raw.type === 'track'
      ? (raw.event ?? null)
      : raw.type === 'page' || raw.type === 'screen'
        ? (raw.name ?? str(properties.title) ?? str(properties.path))
        : null;
  return {
    type: raw.type,
    messageId: raw.messageId ?? fallbackMessageId,
    userId: text(raw.userId),
    anonymousId: text(raw.anonymousId),
    previousId: text(raw.previousId),
    groupId: text(raw.groupId),
    eventType,
    eventName,
    email: rawEmail && emailPattern.test(rawEmail) ? rawEmail : null,
    traits,
    properties: raw.type === 'group' || raw.type === 'identify' ? traits : properties,
    context,
    touch: campaignTouch(context, properties),
    occurredAt: correctedTime(
      raw.timestamp ?? raw.originalTimestamp,
      raw.sentAt ?? batchSentAt,
      receivedAt,
    ),
  };
}
