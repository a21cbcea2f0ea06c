// Text search over incidents (summary, demands, receipt number) through the
// trigram index incident_search_trgm. Characters are doubled on both sides
// (xf_search_key, migrations/Migration20261202030000_search.ts), so a trigram
// spans two neighbouring characters and two-character Chinese queries hit the
// index. The index is read by two SQL functions of the migration (row-level
// security keeps the app role's own LIKE off the index); they answer ids of
// the current tenant only, and the plain ILIKE on the columns decides.
// A confidential case's summary and demands are sealed at rest: search finds
// it by receipt number only, never by its content.
import { raw } from '@mikro-orm/core';
import { likeText } from '../unit/unit.service.js';
import { confidentialTextSql } from './incident-text.service.js';

/** Doubles every character (code point), as xf_search_key does in SQL. */
export function searchKey(text: string): string {
  let out = '';
  for (const c of text) out += c + c;
  return out;
}

const keySql = (a: string) =>
  `xf_search_key(case when ${confidentialTextSql(a)} then '' else ${a}.summary || ' ' || ${a}.demands end || ' ' || ${a}.receipt_number)`;

const exactSql = (a: string) => `((not (${confidentialTextSql(a)}) and (${a}.summary ilike ? or ${a}.demands ilike ?)) or ${a}.receipt_number ilike ?)`;

/**
 * Where-conditions for `text` (LIKE metacharacters literal). `close`: the
 * rows that hold it or resemble it (word similarity at least pg_trgm's
 * word_similarity_threshold, 0.6 by default), for a ranked search.
 */
export function textConditions(text: string, close = false): Record<string, unknown>[] {
  const plain = likeText(text);
  const like = `id in (select xf_incident_text_like(?))`;
  const exact = (a: string) => `(${a}.${like} and ${exactSql(a)})`;
  if (close) {
    // The lookup reads the index over every row's columns: a sealed row resembling the text is dropped unless its receipt number holds it.
    const closeSql = (a: string) => `(${a}.id in (select xf_incident_text_close(?, ?)) and (not (${confidentialTextSql(a)}) or ${a}.receipt_number ilike ?))`;
    return [{ [raw(closeSql, [searchKey(text), likeText(searchKey(text)), plain])]: [] }];
  }
  return [{ [raw(exact, [likeText(searchKey(text)), plain, plain, plain])]: [] }];
}

/** Relevance of a row to `text` in [0, 1]: 1 when it holds the text, else the pg_trgm word similarity of the doubled texts. */
export function relevanceSql(text: string, alias = 'e'): { sql: string; params: unknown[] } {
  const plain = likeText(text);
  return { sql: `(case when ${exactSql(alias)} then 1 else word_similarity(?, ${keySql(alias)}) end)::float8`, params: [plain, plain, plain, searchKey(text)] };
}

/** The relevance as a key for where and order (the alias of the query it is used in; a fresh raw key per use). */
export function relevanceKey(text: string): string {
  return raw((a: string) => relevanceSql(text, a).sql, relevanceSql(text).params);
}
