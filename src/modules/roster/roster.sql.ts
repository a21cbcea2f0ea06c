// SQL of the duty roster for statements other modules compose.
import type { RunningShift } from './roster.service.js';

interface ShiftJson {
  id: string;
  unit_id: string;
  on_duty_member_id: string;
  leader_on_call_id: string;
}

export const rosterSql = {
  /**
   * A json array of the shifts running at `at` (an expression or `?`) on the
   * chain of the unit at `unitPath` (an expression), ordered as onDutyFrom reads them; never null.
   */
  runningOnChainJson(tenant: string, unitPath: string, at: string): string {
    return `(select coalesce(json_agg(json_build_object('id', s.id, 'unit_id', s.unit_id, 'on_duty_member_id', s.on_duty_member_id, 'leader_on_call_id', s.leader_on_call_id)
                        order by s.starts_at, s.id), '[]')
       from duty_shift s
      where s.tenant_id = ${tenant} and s.unit_id = any(string_to_array(trim(both '/' from ${unitPath}), '/')::uuid[]) and s.starts_at <= ${at} and s.ends_at > ${at})`;
  },

  runningFromJson(rows: ShiftJson[]): RunningShift[] {
    return rows.map((s) => ({ id: s.id, unitId: s.unit_id, onDutyMemberId: s.on_duty_member_id, leaderOnCallId: s.leader_on_call_id }));
  },
};
