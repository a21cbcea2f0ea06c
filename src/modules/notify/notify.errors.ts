export enum NotifyErrorCode {
  /** The URL is malformed, not http(s), or resolves to a loopback, private, link-local or metadata address. */
  URL_REFUSED = 'URL_REFUSED',
  UNKNOWN_EVENT_KIND = 'UNKNOWN_EVENT_KIND',
  /** redeliverWebhook on a delivery still waiting for its attempt. */
  DELIVERY_PENDING = 'DELIVERY_PENDING',
  /** sendTestWebhook to a disabled endpoint. */
  ENDPOINT_DISABLED = 'ENDPOINT_DISABLED',
}

export enum NotifyAckErrorCode {
  /** The acknowledgement token is malformed, forged or expired, or no longer matches the task's assignee. */
  ACK_INVALID = 'ACK_INVALID',
}
