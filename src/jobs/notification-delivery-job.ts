import type { Config } from '../config.js';
import { attemptDueDeliveries, type Senders } from '../notify/attempt-deliveries.js';
import { fanOutNotifications } from '../notify/fan-out.js';
import { nextDeliveryDue } from '../notify/next-delivery-due.js';
import { fetchSender, smtpMailer } from '../notify/senders.js';
import type { Job } from './job.js';

/**
 * Notification delivery (src/notify/README.md): fans new outbox rows out into
 * deliveries, then sends those that are due. It sleeps until the earliest
 * retry and at most a second, so a notification written by any process is on
 * its way within a second.
 */
export function notificationDeliveryJob(
  options: Pick<Config, 'smtp' | 'publicUrl'> & { senders?: Partial<Senders> },
): Job {
  const senders: Senders = {
    http: options.senders?.http ?? fetchSender,
    mailer: options.senders?.mailer ?? (options.smtp ? smtpMailer(options.smtp) : null),
  };
  return {
    id: 'notification-delivery',
    everyMs: 1000,
    async handler({ db, now }) {
      const fan = await fanOutNotifications({
        db,
        now,
        email: senders.mailer !== null,
        publicUrl: options.publicUrl,
      });
      const sent = await attemptDueDeliveries({ db, now, senders });
      if (fan.full || sent.full) return { again: true };
      return { wakeAt: await nextDeliveryDue(db) };
    },
  };
}
