/** The notifications and webhook-endpoint API's shapes (issue 6). */

export type NotificationType =
  | 'lead.assigned'
  | 'sla.warning'
  | 'sla.breached'
  | 'lead.rejected'
  | 'stage.changed'
  | 'test.ping';

export interface AppNotification {
  id: string;
  type: NotificationType | string;
  contactId: string | null;
  payload: { contactId?: string; contactName?: string; [key: string]: unknown };
  createdAt: string;
  readAt: string | null;
}

export interface NotificationsPage {
  items: AppNotification[];
  nextCursor: string | null;
  unreadCount: number;
}

export type EndpointKind = 'webhook' | 'slack';

export interface WebhookEndpoint {
  id: string;
  kind: EndpointKind;
  url: string;
  description: string;
  /** Empty: every event type. */
  eventTypes: string[];
  enabled: boolean;
  createdAt: string;
  disabledReason: string | null;
}

export interface Delivery {
  id: string;
  notificationType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}
