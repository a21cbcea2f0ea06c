// What the outbox sends and where a delivery stands.
import { registerEnumType } from 'type-graphql';

export enum DeliveryStatus {
  /** Waiting for its (next) attempt. */
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  /** Its retry schedule ran out; the endpoint was disabled. */
  FAILED = 'FAILED',
  /** Nothing to send: the endpoint's role may not see it now (or the case is confidential). */
  SKIPPED = 'SKIPPED',
}
registerEnumType(DeliveryStatus, { name: 'WebhookDeliveryStatus', description: 'PENDING, DELIVERED, FAILED (schedule exhausted), SKIPPED (not visible to the endpoint role). 推送状态。' });

/** Kinds of event an endpoint can ask for besides the incident events of the log. */
export enum WebhookOwnKind {
  /** sendTestWebhook. */
  WEBHOOK_TEST = 'WEBHOOK_TEST',
  /** The endpoint was disabled after its retry schedule ran out. */
  WEBHOOK_DISABLED = 'WEBHOOK_DISABLED',
}

/** Log actions that are webhook events of their own (target: the endpoint). */
export const OWN_KIND_OF_ACTION: Readonly<Record<string, WebhookOwnKind>> = {
  'webhook.test': WebhookOwnKind.WEBHOOK_TEST,
  'webhook.disable': WebhookOwnKind.WEBHOOK_DISABLED,
};
