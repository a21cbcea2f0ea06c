// Each channel adapter against a local HTTP fake that checks the request the
// way the vendor does (token, signature and its time window, required fields)
// and answers in the vendor's format (HTTP 200 with an error code in the body).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CHANNEL_ADAPTERS } from '../../src/modules/notify/channels/adapters.js';
import { ChannelKind, type Recipient } from '../../src/modules/notify/channels/channel.js';
import { httpJson } from '../../src/modules/notify/channels/http-json.js';
import { allowList } from '../../src/modules/notify/webhook-ssrf.js';

const CORP = 'ww0123456789abcdef';
const CORP_SECRET = 'corp-secret-xyz';
const ROBOT_KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
const DING_TOKEN = 'ding-access-token';
const DING_SECRET = 'SEC0123456789abcdef';
const FEISHU_SECRET = 'feishu-secret';
const SMS_SECRET = 'sms-secret';

interface Seen { path: string; body: any; headers: http.IncomingHttpHeaders }
const seen: Seen[] = [];
let base = '';
let server: http.Server;

function answer(res: http.ServerResponse, json: unknown) {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://fake');
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = raw ? JSON.parse(raw) : null;
      seen.push({ path: url.pathname, body, headers: req.headers });
      const q = url.searchParams;
      switch (url.pathname) {
        case '/cgi-bin/gettoken':
          if (req.method !== 'GET') return answer(res, { errcode: 43004, errmsg: 'require GET' });
          if (q.get('corpid') !== CORP) return answer(res, { errcode: 40013, errmsg: 'invalid corpid' });
          if (q.get('corpsecret') !== CORP_SECRET) return answer(res, { errcode: 40001, errmsg: 'invalid credential' });
          return answer(res, { errcode: 0, errmsg: 'ok', access_token: 'TOKEN-1', expires_in: 7200 });
        case '/cgi-bin/message/send':
          if (q.get('access_token') !== 'TOKEN-1') return answer(res, { errcode: 40014, errmsg: 'invalid access_token' });
          if (body?.msgtype !== 'text' || typeof body.agentid !== 'number' || !body.text?.content) return answer(res, { errcode: 44004, errmsg: 'empty content or bad agentid' });
          if (body.touser !== 'lisi') return answer(res, { errcode: 0, errmsg: 'ok', invaliduser: String(body.touser) });
          return answer(res, { errcode: 0, errmsg: 'ok', invaliduser: '', msgid: 'm1' });
        case '/cgi-bin/webhook/send':
          if (q.get('key') !== ROBOT_KEY) return answer(res, { errcode: 93000, errmsg: 'invalid webhook url' });
          if (body?.msgtype !== 'text' || !body.text?.content || !Array.isArray(body.text.mentioned_mobile_list)) return answer(res, { errcode: 40008, errmsg: 'invalid message type' });
          return answer(res, { errcode: 0, errmsg: 'ok' });
        case '/robot/send': {
          if (q.get('access_token') !== DING_TOKEN) return answer(res, { errcode: 300001, errmsg: 'token is not exist' });
          const ts = Number(q.get('timestamp'));
          if (!ts || Math.abs(Date.now() - ts) > 3_600_000) return answer(res, { errcode: 310000, errmsg: 'timestamp expired' });
          const want = createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64');
          if (q.get('sign') !== want) return answer(res, { errcode: 310000, errmsg: 'sign not match' });
          if (body?.msgtype !== 'text' || !body.text?.content || !Array.isArray(body.at?.atUserIds)) return answer(res, { errcode: 40035, errmsg: 'missing parameter' });
          return answer(res, { errcode: 0, errmsg: 'ok' });
        }
        case '/open-apis/bot/v2/hook/hook-1': {
          const ts = Number(body?.timestamp);
          const want = createHmac('sha256', `${ts}\n${FEISHU_SECRET}`).update('').digest('base64');
          if (!ts || Math.abs(Date.now() / 1000 - ts) > 3600 || body.sign !== want) return answer(res, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' });
          if (body.msg_type !== 'text' || !body.content?.text) return answer(res, { code: 9499, msg: 'Bad Request' });
          return answer(res, { code: 0, msg: 'success', data: {} });
        }
        case '/sms': {
          const ts = String(req.headers['x-xinfang-timestamp'] ?? '');
          const want = 'sha256=' + createHmac('sha256', SMS_SECRET).update(`${ts}.${raw}`).digest('hex');
          if (req.headers['x-xinfang-signature'] !== want) return res.writeHead(401).end('bad signature');
          if (!/^1\d{10}$/.test(body?.mobile ?? '') || !body.content) return res.writeHead(400).end('bad request');
          return res.writeHead(202).end('{"queued":true}');
        }
        default:
          res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const net = httpJson(allowList(['127.0.0.1']), 5000);
const who: Recipient = { displayName: '李四', mobile: '13800000001', wecomUserId: 'lisi', dingtalkUserId: 'ding-lisi' };
const text = '新任务：赶赴现场（30分钟内）';

describe('channel adapters against vendor fakes', () => {
  it('WeCom application message: gettoken, then message/send to the userid', async () => {
    const a = CHANNEL_ADAPTERS[ChannelKind.WECOM_APP];
    const out = await a.send({ url: base, corpId: CORP, secret: CORP_SECRET, agentId: 1000002 }, who, text, net, new Date());
    expect(out).toMatchObject({ ok: true });
    expect(seen.at(-1)!.body).toMatchObject({ touser: 'lisi', msgtype: 'text', agentid: 1000002, text: { content: text } });
    expect((await a.send({ url: base, corpId: CORP, secret: 'wrong', agentId: 1 }, who, text, net, new Date())).ok).toBe(false);
    expect((await a.send({ url: base, corpId: CORP, secret: CORP_SECRET, agentId: 1 }, { ...who, wecomUserId: 'nobody' }, text, net, new Date())).ok).toBe(false);
    expect(a.reaches({ displayName: 'x' })).toBe(false);
  });

  it('WeCom group robot: key in the URL, mentions by mobile', async () => {
    const a = CHANNEL_ADAPTERS[ChannelKind.WECOM_ROBOT];
    expect(await a.send({ url: `${base}/cgi-bin/webhook/send?key=${ROBOT_KEY}` }, who, text, net, new Date())).toMatchObject({ ok: true });
    expect(seen.at(-1)!.body.text.mentioned_mobile_list).toEqual(['13800000001']);
    expect((await a.send({ url: `${base}/cgi-bin/webhook/send?key=bad` }, who, text, net, new Date())).ok).toBe(false);
  });

  it('DingTalk robot: signed with timestamp and secret, mentions by userId', async () => {
    const a = CHANNEL_ADAPTERS[ChannelKind.DINGTALK_ROBOT];
    const url = `${base}/robot/send?access_token=${DING_TOKEN}`;
    expect(await a.send({ url, secret: DING_SECRET }, who, text, net, new Date())).toMatchObject({ ok: true });
    expect(seen.at(-1)!.body.at).toEqual({ atUserIds: ['ding-lisi'], isAtAll: false });
    expect((await a.send({ url, secret: 'SECwrong' }, who, text, net, new Date())).ok).toBe(false);
    // An old timestamp is refused by the vendor, as documented.
    expect((await a.send({ url, secret: DING_SECRET }, who, text, net, new Date(Date.now() - 2 * 3_600_000))).ok).toBe(false);
  });

  it('Feishu bot: timestamp and sign in the body', async () => {
    const a = CHANNEL_ADAPTERS[ChannelKind.FEISHU_ROBOT];
    const url = `${base}/open-apis/bot/v2/hook/hook-1`;
    expect(await a.send({ url, secret: FEISHU_SECRET }, who, text, net, new Date())).toMatchObject({ ok: true });
    expect(seen.at(-1)!.body.content.text).toContain('李四');
    const bad = await a.send({ url, secret: 'nope' }, who, text, net, new Date());
    expect(bad.ok).toBe(false);
    expect(bad.detail).toContain('19021');
  });

  it('SMS gateway: signed JSON POST to the mobile number', async () => {
    const a = CHANNEL_ADAPTERS[ChannelKind.SMS_GATEWAY];
    expect(await a.send({ url: `${base}/sms`, secret: SMS_SECRET }, who, text, net, new Date())).toMatchObject({ ok: true, detail: 'HTTP 202' });
    expect(seen.at(-1)!.body).toEqual({ mobile: '13800000001', content: text });
    expect((await a.send({ url: `${base}/sms`, secret: 'wrong' }, who, text, net, new Date())).ok).toBe(false);
    expect(a.reaches({ displayName: 'x', wecomUserId: 'y' })).toBe(false);
  });

  it('refuses a channel URL on a private network that is not allowed', async () => {
    const strict = httpJson(allowList([]), 5000);
    await expect(CHANNEL_ADAPTERS[ChannelKind.SMS_GATEWAY].send({ url: `${base}/sms`, secret: SMS_SECRET }, who, text, strict, new Date())).rejects.toThrow(/loopback, private/);
  });
});
