// The four vendors' request formats, as their published APIs give them:
// - 企业微信 application message: GET /cgi-bin/gettoken?corpid&corpsecret, then
//   POST /cgi-bin/message/send?access_token= {touser, msgtype:"text", agentid, text:{content}}
//   (developer.work.weixin.qq.com/document/path/90236); errcode 0 is success.
// - 企业微信 group robot: POST <webhook>?key= {msgtype:"text", text:{content, mentioned_mobile_list}}
//   (document/path/91770).
// - 钉钉 custom robot: POST <webhook>&timestamp=<ms>&sign=<urlencoded base64 HmacSHA256(secret, "<ms>\n<secret>")>
//   {msgtype:"text", text:{content}, at:{atUserIds, isAtAll:false}} (open.dingtalk.com, 自定义机器人安全设置 加签).
// - 飞书 custom bot: POST <webhook> {timestamp:"<s>", sign: base64 HmacSHA256(key "<s>\n<secret>", empty message),
//   msg_type:"text", content:{text}} (open.feishu.cn, 自定义机器人 签名校验); code 0 is success.
// - SMS gateway (ours, configurable): POST <url> {mobile, content} with x-xinfang-timestamp and
//   x-xinfang-signature: sha256=<hex HmacSHA256(secret, "<timestamp>.<body>")>; 2xx is success.
import { createHmac } from 'node:crypto';
import { ChannelKind, type ChannelAdapter, type ChannelOutcome } from './channel.js';

const errcodeOutcome = (status: number, json: unknown, field = 'errcode'): ChannelOutcome => {
  const body = (json ?? {}) as Record<string, unknown>;
  const code = body[field];
  const msg = body.errmsg ?? body.msg ?? '';
  return { ok: status >= 200 && status < 300 && code === 0, detail: `HTTP ${status} ${field}=${String(code)} ${String(msg)}`.trim() };
};

export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

export function smsSignature(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

const wecomApp: ChannelAdapter = {
  kind: ChannelKind.WECOM_APP,
  reaches: (r) => !!r.wecomUserId,
  async send(config, recipient, text, http) {
    const base = config.url.replace(/\/+$/, '');
    const token = await http('GET', `${base}/cgi-bin/gettoken?corpid=${encodeURIComponent(config.corpId ?? '')}&corpsecret=${encodeURIComponent(config.secret ?? '')}`, null);
    const t = (token.json ?? {}) as { errcode?: number; access_token?: string };
    if (t.errcode !== 0 || !t.access_token) return errcodeOutcome(token.status, token.json);
    const res = await http('POST', `${base}/cgi-bin/message/send?access_token=${encodeURIComponent(t.access_token)}`, {
      touser: recipient.wecomUserId, msgtype: 'text', agentid: config.agentId, text: { content: text }, safe: 0,
    });
    const out = errcodeOutcome(res.status, res.json);
    // The vendor answers errcode 0 with the user listed as invalid when it does not know them.
    const invalid = ((res.json ?? {}) as { invaliduser?: string }).invaliduser;
    return invalid ? { ok: false, detail: `${out.detail} invaliduser=${invalid}` } : out;
  },
};

const wecomRobot: ChannelAdapter = {
  kind: ChannelKind.WECOM_ROBOT,
  reaches: (r) => !!r.mobile,
  async send(config, recipient, text, http) {
    const res = await http('POST', config.url, { msgtype: 'text', text: { content: text, mentioned_mobile_list: [recipient.mobile] } });
    return errcodeOutcome(res.status, res.json);
  },
};

const dingtalkRobot: ChannelAdapter = {
  kind: ChannelKind.DINGTALK_ROBOT,
  reaches: (r) => !!r.dingtalkUserId,
  async send(config, recipient, text, http, now) {
    const ts = now.getTime();
    const sep = config.url.includes('?') ? '&' : '?';
    const url = config.secret ? `${config.url}${sep}timestamp=${ts}&sign=${encodeURIComponent(dingtalkSign(config.secret, ts))}` : config.url;
    const res = await http('POST', url, { msgtype: 'text', text: { content: text }, at: { atUserIds: [recipient.dingtalkUserId], isAtAll: false } });
    return errcodeOutcome(res.status, res.json);
  },
};

const feishuRobot: ChannelAdapter = {
  kind: ChannelKind.FEISHU_ROBOT,
  // A group bot: the member is named in the text; anyone in the group may read it.
  reaches: () => true,
  async send(config, recipient, text, http, now) {
    const ts = Math.floor(now.getTime() / 1000);
    const body: Record<string, unknown> = { msg_type: 'text', content: { text: `${recipient.displayName}：${text}` } };
    if (config.secret) Object.assign(body, { timestamp: String(ts), sign: feishuSign(config.secret, ts) });
    const res = await http('POST', config.url, body);
    return errcodeOutcome(res.status, res.json, 'code');
  },
};

const smsGateway: ChannelAdapter = {
  kind: ChannelKind.SMS_GATEWAY,
  reaches: (r) => !!r.mobile,
  async send(config, recipient, text, http, now) {
    const body = { mobile: recipient.mobile, content: text };
    const ts = String(Math.floor(now.getTime() / 1000));
    const headers: Record<string, string> = { 'x-xinfang-timestamp': ts };
    if (config.secret) headers['x-xinfang-signature'] = smsSignature(config.secret, ts, JSON.stringify(body));
    const res = await http('POST', config.url, body, headers);
    return { ok: res.status >= 200 && res.status < 300, detail: `HTTP ${res.status}` };
  },
};

export const CHANNEL_ADAPTERS: Readonly<Record<ChannelKind, ChannelAdapter>> = {
  [ChannelKind.WECOM_APP]: wecomApp,
  [ChannelKind.WECOM_ROBOT]: wecomRobot,
  [ChannelKind.DINGTALK_ROBOT]: dingtalkRobot,
  [ChannelKind.FEISHU_ROBOT]: feishuRobot,
  [ChannelKind.SMS_GATEWAY]: smsGateway,
};
