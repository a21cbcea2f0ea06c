// The stance guard over a concern's text: the plan's terms (watching, following,
// controlling, intercepting, bringing back people) and the words that record
// who plans to petition, when or where. A concern is about the grievance and
// the institution's work; petitioning is a right, not something to forecast.
import { termsAskedFor } from '../plan/stance.model.js';

const INTENT_TERMS: readonly { words: readonly string[]; asks: string }[] = [
  { words: ['拟上访', '准备上访', '打算上访', '计划上访', '欲上访', '扬言上访', '拟到', '准备到', '打算到'], asks: 'who plans to petition' },
  { words: ['上访时间', '上访地点', '上访路线', '出行时间', '出发时间', '集结'], asks: 'when or where people will petition' },
  { words: ['动向', '動向', '带头人', '帶頭人', '组织者', '組織者', '牵头人', '为首', '為首', '骨干分子', '分化瓦解'], asks: 'people singled out instead of the grievance' },
];

// "拟于12月5日到县政府上访", "预计下周进京": an intention to petition, with or without a date or place, within one clause.
const INTENT_PATTERN = /(拟|准备|打算|计划|欲|扬言|将于|将要|预计|可能)[^，。；;,\n]{0,30}(上访|信访|集访|进京|赴京|赴省|赴市|赴县|越级)/;

/** What the text records or asks for that a concern may not, in English; empty when it is clean. */
export function concernStanceProblems(text: string): string[] {
  const compact = text.replace(/[\s\u200b-\u200d\u2060\ufeff]/g, '');
  const out = termsAskedFor(text).map((t) => `${t.term}: ${t.asks}`);
  const intent = compact.match(INTENT_PATTERN);
  if (intent) out.push(`${intent[0]}: who plans to petition, when or where`);
  for (const group of INTENT_TERMS) {
    const hit = group.words.find((w) => compact.includes(w));
    if (hit) out.push(`${hit}: ${group.asks}`);
  }
  return out;
}
