// The referral table's part of the assessment figures (按时签收率, 退回重办率):
// one row per assignment event of the period, for the assessment module to
// join to incidents and aggregate in its own single statement.

/**
 * One row per event of an assignment (交办) this tenant received (side
 * RECEIVED, incident_id = its own incident) or sent (side SENT, incident_id =
 * the sender's incident), with `at` in [from, to):
 * - SIGN_IN: at = the earlier of the signing and the sign-in due time, counted
 *   once signed or fallen due; hit = signed by the due time.
 * - REPORT: one row per closing report submitted, at = its submission; hit =
 *   it was returned (the k-th submission was returned when returns >= k, as
 *   a report is returned or accepted before the next is submitted).
 * Columns: side, incident_id, event, at, hit. Parameters: see `params`.
 */
export const ASSIGNMENT_EVENTS = `
  select a.side, a.incident_id, x.event, x.at, x.hit
    from (select 'RECEIVED'::text as side, r.receiver_incident_id as incident_id, r.sign_in_due_at, r.signed_at, r.returns, r.history
            from referral r where r.kind = 'ASSIGNMENT' and r.receiver_tenant_id = ?
          union all
          select 'SENT'::text, r.sender_incident_id, r.sign_in_due_at, r.signed_at, r.returns, r.history
            from referral r where r.kind = 'ASSIGNMENT' and r.tenant_id = ?) a
    cross join lateral (
      select 'SIGN_IN'::text as event, least(a.signed_at, a.sign_in_due_at) as at, coalesce(a.signed_at <= a.sign_in_due_at, false) as hit
       where a.sign_in_due_at is not null and (a.signed_at is not null or a.sign_in_due_at <= ?::timestamptz)
      union all
      select 'REPORT'::text, (s.e->>'at')::timestamptz, s.n <= a.returns
        from (select h.e, row_number() over (order by h.o) as n
                from jsonb_array_elements(a.history) with ordinality h(e, o)
               where h.e->>'step' = 'referral.submit_closing_report') s
    ) x
   where x.at >= ? and x.at < ?`;

export const assignmentEvents = {
  sql: ASSIGNMENT_EVENTS,
  params: (tenantId: string, from: Date, to: Date, now: Date): unknown[] => [tenantId, tenantId, now, from, to],
};
