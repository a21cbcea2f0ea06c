import { describe, expect, it } from 'vitest';
import { allowList, isPrivateAddress, resolveTarget } from '../../src/modules/notify/webhook-ssrf.js';
import { JITTER, RETRY_DELAYS_MS, retryDelayMs } from '../../src/modules/notify/retry-schedule.js';

const none = allowList([]);

describe('SSRF refusals', () => {
  it('refuses loopback, 10/8, 172.16/12, 192.168/16, 169.254/16 (metadata), ::1, unique-local and mapped addresses', () => {
    for (const a of ['127.0.0.1', '127.9.9.9', '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.254', '192.168.0.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', '::', 'fd00:ec2::254', 'fe80::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1']) {
      expect(isPrivateAddress(a, none), a).toBe(true);
    }
    for (const a of ['203.0.113.10', '8.8.8.8', '172.32.0.1', '172.15.255.255', '192.169.0.1', '2001:db8::1', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(a, none), a).toBe(false);
    }
  });

  it('lets through only what WEBHOOK_ALLOW_PRIVATE_NETWORKS lists (addresses and CIDRs)', () => {
    const allowed = allowList(['127.0.0.1', '10.1.0.0/16', '::1']);
    expect(isPrivateAddress('127.0.0.1', allowed)).toBe(false);
    expect(isPrivateAddress('127.0.0.2', allowed)).toBe(true);
    expect(isPrivateAddress('10.1.200.3', allowed)).toBe(false);
    expect(isPrivateAddress('10.2.0.1', allowed)).toBe(true);
    expect(isPrivateAddress('::1', allowed)).toBe(false);
  });

  it('refuses a DNS name resolving to loopback, and literal private hosts, at resolution', async () => {
    await expect(resolveTarget('http://localhost:8080/hook', none)).rejects.toThrow(/loopback, private/);
    await expect(resolveTarget('http://[::1]/hook', none)).rejects.toThrow(/loopback, private/);
    await expect(resolveTarget('http://169.254.169.254/latest/meta-data', none)).rejects.toThrow(/loopback, private/);
    await expect(resolveTarget('http://user:pw@203.0.113.10/', none)).rejects.toThrow(/credentials/);
    await expect(resolveTarget('file:///etc/passwd', none)).rejects.toThrow(/only http/);
    const ok = await resolveTarget('http://localhost:8080/hook', allowList(['127.0.0.1', '::1']));
    expect(['127.0.0.1', '::1']).toContain(ok.address);
  });
});

describe('retry schedule', () => {
  it('follows the published schedule, spread by ±20 % jitter, and ends after the last attempt', () => {
    expect(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBeGreaterThan(24 * 3_600_000);
    RETRY_DELAYS_MS.forEach((base, i) => {
      expect(retryDelayMs(i + 1, () => 0.5)).toBe(base);
      expect(retryDelayMs(i + 1, () => 0)).toBe(Math.round(base * (1 - JITTER)));
      expect(retryDelayMs(i + 1, () => 0.999999)).toBeLessThanOrEqual(Math.round(base * (1 + JITTER)));
    });
    expect(retryDelayMs(RETRY_DELAYS_MS.length + 1, () => 0.5)).toBeNull();
  });
});
