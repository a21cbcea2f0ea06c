// One interface for every way of telling a person: a channel takes its
// tenant's configuration, a recipient's contact point and a short text, and
// answers whether the vendor accepted it. Vendors answer HTTP 200 with an
// error code in the body, so each adapter reads its vendor's success field.
export enum ChannelKind {
  /** 企业微信 application message (gettoken, then message/send to a userid). */
  WECOM_APP = 'WECOM_APP',
  /** 企业微信 group robot (webhook key; mentions by mobile number). */
  WECOM_ROBOT = 'WECOM_ROBOT',
  /** 钉钉 custom robot, signed with timestamp and secret (mentions by userId). */
  DINGTALK_ROBOT = 'DINGTALK_ROBOT',
  /** 飞书 custom bot, signed with timestamp and secret. */
  FEISHU_ROBOT = 'FEISHU_ROBOT',
  /** SMS through a configurable HTTP gateway (signed JSON POST). */
  SMS_GATEWAY = 'SMS_GATEWAY',
}

export interface ChannelConfig {
  /** Robot webhook URL, SMS gateway URL, or (WECOM_APP) the API base, e.g. https://qyapi.weixin.qq.com. */
  url: string;
  /** Robot signing secret, SMS gateway secret, or WECOM_APP's corpsecret. */
  secret?: string | null;
  corpId?: string | null;
  agentId?: number | null;
}

export interface Recipient {
  displayName: string;
  mobile?: string | null;
  wecomUserId?: string | null;
  dingtalkUserId?: string | null;
}

export interface ChannelOutcome {
  ok: boolean;
  /** Vendor's answer in short (errcode/errmsg, HTTP status), kept with the notification. */
  detail: string;
}

/** Sends one JSON request (the caller has checked the address); what the vendor answered. */
export type HttpJson = (method: 'GET' | 'POST', url: string, body: unknown | null, headers?: Record<string, string>) => Promise<{ status: number; json: unknown }>;

export interface ChannelAdapter {
  kind: ChannelKind;
  /** Whether the recipient has the contact point this channel needs. */
  reaches(recipient: Recipient): boolean;
  send(config: ChannelConfig, recipient: Recipient, text: string, http: HttpJson, now: Date): Promise<ChannelOutcome>;
}
