// SQL of the unit table for statements other modules compose (one read of
// several modules' data in one round trip).

/** A unit as composed statements read it. */
export interface UnitRef {
  id: string;
  path: string;
  archivedAt: Date | null;
}

export const unitSql = {
  /** `left join` of the unit with the given id (an expression or `?`) of the tenant expression, as `alias`. */
  leftJoinById(alias: string, tenant: string, id: string): string {
    return `left join unit ${alias} on ${alias}.tenant_id = ${tenant} and ${alias}.id = ${id}`;
  },

  /** Select expressions of a joined unit: `<prefix>_id`, `<prefix>_path`, `<prefix>_archived_at`. */
  columns(alias: string, prefix: string): string {
    return `${alias}.id as ${prefix}_id, ${alias}.path as ${prefix}_path, ${alias}.archived_at as ${prefix}_archived_at`;
  },

  /** The unit read by `columns`, or null when none joined. */
  fromColumns(row: Record<string, unknown>, prefix: string): UnitRef | null {
    const id = row[`${prefix}_id`] as string | null;
    if (!id) return null;
    const archived = row[`${prefix}_archived_at`] as Date | string | null;
    return { id, path: row[`${prefix}_path`] as string, archivedAt: archived ? new Date(archived) : null };
  },
};
