import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMember, gql, ok, platformAdmin, provisionTenant, type TenantFixture } from '../support/fixtures.js';
import { OFFICIAL_HOLIDAYS_CN } from '../../src/modules/calendar/holidays-cn.js';
import { localDateOf, yearOf } from '../../src/modules/calendar/clock-math.model.js';
import { superuserClient } from '../support/db.js';

let server: TestServer;
let tenant: TenantFixture;
let leader: { token: string };
let liaison: { token: string };

const CALENDAR = `query($from: Int, $to: Int) { workingCalendar(fromYear: $from, toYear: $to) {
  timezone dayCountRule weekendDays lastDayOffRollsOver years { year defined source daysOff makeUpWorkdays officialDataAvailable } } }`;
const PREVIEW = `query($input: DeadlinePreviewInput!) { deadlinePreview(input: $input) { startDay lastDay dueAt fallbackYears explanation } }`;

beforeAll(async () => {
  server = await startTestServer();
  const platform = await platformAdmin(server);
  tenant = await provisionTenant(server, platform.token, 'TOWNSHIP');
  leader = await addMember(server, tenant, ['GROUP_LEADER']);
  liaison = await addMember(server, tenant, ['LIAISON']);
});
afterAll(async () => {
  await server?.stop();
});

describe('working calendar', () => {
  it('is seeded at provisioning for the current and next year from the official data, other years weekends only', async () => {
    const current = yearOf(localDateOf(new Date(), 'Asia/Shanghai'));
    const data = await ok<any>(server.url, CALENDAR, {}, liaison.token);
    const cal = data.workingCalendar;
    expect(cal).toMatchObject({ timezone: 'Asia/Shanghai', dayCountRule: 'NEXT_DAY', weekendDays: [6, 7], lastDayOffRollsOver: false });
    expect(cal.years.map((y: any) => y.year)).toEqual([current - 1, current, current + 1]);
    const [previous, now, next] = cal.years;
    // Only the current and next year are seeded, and only where the data has them.
    expect(previous.defined).toBe(false);
    for (const y of [now, next]) {
      const official = OFFICIAL_HOLIDAYS_CN[y.year];
      expect(y.defined).toBe(!!official);
      expect(y.officialDataAvailable).toBe(!!official);
      expect(y.daysOff).toEqual(official ? [...official.daysOff].sort() : []);
      expect(y.makeUpWorkdays).toEqual(official ? [...official.makeUpWorkdays].sort() : []);
    }
  });

  it('previews deadlines with the tenant calendar and names the years it had to count with weekends only', async () => {
    // 2025 is not seeded for this tenant (provisioned in 2026): weekends only until it is loaded.
    const before = await ok<any>(server.url, PREVIEW, { input: { start: '2025-09-26T07:00:00Z', days: 5, basis: 'WORKING_DAYS' } }, liaison.token);
    expect(before.deadlinePreview.lastDay).toBe('2025-10-03');
    expect(before.deadlinePreview.fallbackYears).toEqual([2025]);
    expect(before.deadlinePreview.explanation).toContain('No holiday calendar for 2025');

    const loaded = await ok<any>(server.url, `mutation { loadOfficialHolidays(input: { year: 2025 }) { calendar { years { year defined } } userErrors { code } } }`, {}, leader.token);
    expect(loaded.loadOfficialHolidays.calendar.years.find((y: any) => y.year === 2025).defined).toBe(true);

    const after = await ok<any>(server.url, PREVIEW, { input: { start: '2025-09-26T07:00:00Z', days: 5, basis: 'WORKING_DAYS' } }, liaison.token);
    expect(after.deadlinePreview).toMatchObject({ startDay: '2025-09-26', lastDay: '2025-10-10', dueAt: '2025-10-10T15:59:59.999Z', fallbackYears: [] });
  });

  it('lets a calendar manager define and edit a year, and refuses bad data as userErrors', async () => {
    const set = await ok<any>(
      server.url,
      `mutation($input: SetCalendarYearInput!) { setCalendarYear(input: $input) { calendar { years { year defined source daysOff makeUpWorkdays } } userErrors { code field } } }`,
      { input: { year: 2030, source: '本单位录入', daysOff: ['2030-01-01', '2030-02-04'], makeUpWorkdays: ['2030-02-09'] } },
      leader.token,
    );
    expect(set.setCalendarYear.calendar.years.find((y: any) => y.year === 2030)).toEqual({
      year: 2030, defined: true, source: '本单位录入', daysOff: ['2030-01-01', '2030-02-04'], makeUpWorkdays: ['2030-02-09'],
    });

    const edited = await ok<any>(
      server.url,
      `mutation { updateCalendarDays(input: { year: 2030, changes: [{ date: "2030-02-04", kind: REGULAR }, { date: "2030-05-01", kind: DAY_OFF }] }) {
        calendar { years { year daysOff } } userErrors { code } } }`,
      {},
      leader.token,
    );
    expect(edited.updateCalendarDays.calendar.years.find((y: any) => y.year === 2030).daysOff).toEqual(['2030-01-01', '2030-05-01']);

    // A weekday cannot be a make-up working day; a date of another year is refused; both are reported.
    const bad = await gql<any>(
      server.url,
      `mutation { setCalendarYear(input: { year: 2031, daysOff: ["2032-01-01"], makeUpWorkdays: ["2031-01-06"] }) { calendar { timezone } userErrors { code field } } }`,
      {},
      leader.token,
    );
    expect(bad.data.setCalendarYear.calendar).toBeNull();
    expect(bad.data.setCalendarYear.userErrors).toEqual([
      { code: 'DATE_OUTSIDE_YEAR', field: ['input', 'daysOff', '0'] },
      { code: 'MAKE_UP_DAY_NOT_WEEKEND', field: ['input', 'makeUpWorkdays', '0'] },
    ]);
    const undefinedYear = await gql<any>(server.url, `mutation { updateCalendarDays(input: { year: 2040, changes: [] }) { userErrors { code } } }`, {}, leader.token);
    expect(undefinedYear.data.updateCalendarDays.userErrors[0].code).toBe('CALENDAR_YEAR_NOT_DEFINED');
    const noData = await gql<any>(server.url, `mutation { loadOfficialHolidays(input: { year: 2040 }) { userErrors { code } } }`, {}, leader.token);
    expect(noData.data.loadOfficialHolidays.userErrors[0].code).toBe('NO_OFFICIAL_DATA');

    const removed = await ok<any>(server.url, `mutation { removeCalendarYear(input: { year: 2030 }) { calendar { years { year defined } } userErrors { code } } }`, {}, leader.token);
    expect(removed.removeCalendarYear.calendar.years.find((y: any) => y.year === 2030).defined).toBe(false);
  });

  it('changes the counting rule per tenant, and logs every change', async () => {
    const changed = await ok<any>(
      server.url,
      `mutation { updateCalendarSettings(input: { dayCountRule: SAME_DAY }) { calendar { dayCountRule } userErrors { code } } }`,
      {},
      leader.token,
    );
    expect(changed.updateCalendarSettings.calendar.dayCountRule).toBe('SAME_DAY');
    const preview = await ok<any>(server.url, PREVIEW, { input: { start: '2026-01-17T01:00:00Z', days: 15, basis: 'CALENDAR_DAYS' } }, liaison.token);
    expect(preview.deadlinePreview.lastDay).toBe('2026-01-31');
    await ok(server.url, `mutation { updateCalendarSettings(input: { dayCountRule: NEXT_DAY }) { userErrors { code } } }`, {}, leader.token);
    const back = await ok<any>(server.url, PREVIEW, { input: { start: '2026-01-17T01:00:00Z', days: 15, basis: 'CALENDAR_DAYS' } }, liaison.token);
    expect(back.deadlinePreview.lastDay).toBe('2026-02-01');

    const db = await superuserClient(server.databaseUrl);
    try {
      const { rows } = await db.query(`select action from log_entry where tenant_id = (select id from tenant where slug = $1) and action like 'calendar.%' order by seq`, [tenant.slug]);
      expect(rows.map((r) => r.action)).toEqual([
        'calendar.load_official', 'calendar.set_year', 'calendar.update_days', 'calendar.remove_year', 'calendar.update_settings', 'calendar.update_settings',
      ]);
    } finally {
      await db.end();
    }
  });

  it('is read by every member but edited only with CALENDAR_MANAGE', async () => {
    const denied = await gql(server.url, `mutation { removeCalendarYear(input: { year: 2026 }) { userErrors { code } } }`, {}, liaison.token);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await gql(server.url, CALENDAR, {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
