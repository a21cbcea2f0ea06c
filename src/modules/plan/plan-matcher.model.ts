// Evaluates response-level triggers against incident facts. Pure and
// deterministic: the same levels and facts always give the same answer, and
// the answer explains itself condition by condition.
import { type Condition, type ConditionExplanation, type MatchResult, type PlanMatch, type ResponseLevel, type SupplementaryMeasure, type Trigger } from './plan.model.js';
import { CATEGORY_LABELS, CONDUCT_LABELS, INTAKE_CHANNEL_LABELS, LEVEL_REACHED_LABELS, RISK_LABELS } from './plan.labels.js';
import { LEVEL_ORDER, type IncidentFacts, type LevelReached } from '../incident/incident.model.js';

/** Topics compare trimmed and case-insensitively (tenant-defined free text). */
export function normaliseTopic(topic: string): string {
  return topic.trim().toLowerCase();
}

function levelIndex(level: LevelReached): number {
  return LEVEL_ORDER.indexOf(level);
}

/** Whether one condition holds for the facts. */
export function conditionHolds(condition: Condition, facts: IncidentFacts): boolean {
  switch (condition.kind) {
    case 'CATEGORY':
      return condition.categories.includes(facts.category);
    case 'LEVEL_REACHED': {
      if (condition.levels && !condition.levels.includes(facts.levelReached)) return false;
      if (condition.atLeast && levelIndex(facts.levelReached) < levelIndex(condition.atLeast)) return false;
      return true;
    }
    case 'HEADCOUNT':
      if (condition.min !== undefined && condition.min !== null && facts.headcount < condition.min) return false;
      if (condition.max !== undefined && condition.max !== null && facts.headcount > condition.max) return false;
      return true;
    case 'CONDUCT': {
      const present = new Set(facts.conductFlags);
      return condition.match === 'ALL' ? condition.flags.every((f) => present.has(f)) : condition.flags.some((f) => present.has(f));
    }
    case 'TOPIC': {
      const present = new Set(facts.topics.map(normaliseTopic));
      return condition.topics.some((t) => present.has(normaliseTopic(t)));
    }
    case 'ALERT_PERIOD':
      return facts.alertPeriodActive === condition.active;
    case 'RISK': {
      const present = new Set(facts.riskFlags ?? []);
      return condition.match === 'ALL' ? condition.riskFlags.every((f) => present.has(f)) : condition.riskFlags.some((f) => present.has(f));
    }
    case 'KNOWN_IN_ADVANCE':
      return (facts.knownInAdvance ?? false) === condition.known;
    case 'FIRST_PETITION':
      return (facts.firstPetition ?? false) === condition.first;
    case 'INTAKE_CHANNEL':
      return !!facts.intakeChannel && condition.channels.includes(facts.intakeChannel);
    case 'INTERPRETER':
      return (facts.interpreterNeeded ?? false) === condition.needed;
    case 'POLICE':
      return facts.policeCalled === condition.called;
  }
}

/** Whether a trigger holds. An ALL trigger without conditions always holds (a baseline level). */
export function triggerHolds(trigger: Trigger, facts: IncidentFacts): boolean {
  const parts = [...trigger.conditions.map((c) => conditionHolds(c, facts)), ...(trigger.groups ?? []).map((g) => triggerHolds(g, facts))];
  return trigger.combine === 'ALL' ? parts.every(Boolean) : parts.some(Boolean);
}

/** Every condition of a trigger, depth first, with its path and outcome (no short circuit: all are explained). */
export function explainTrigger(trigger: Trigger, facts: IncidentFacts, prefix = ''): ConditionExplanation[] {
  const out: ConditionExplanation[] = [];
  trigger.conditions.forEach((c, i) => {
    out.push({ path: `${prefix}conditions[${i}]`, description: describeCondition(c), matched: conditionHolds(c, facts) });
  });
  (trigger.groups ?? []).forEach((g, i) => {
    out.push(...explainTrigger(g, facts, `${prefix}groups[${i}].`));
  });
  return out;
}

/**
 * The most severe level whose trigger holds. Severities are unique in a
 * published plan; should two tie (an unvalidated draft), the earlier level
 * in the list wins, so the answer stays deterministic.
 */
export function matchLevel(levels: ResponseLevel[], facts: IncidentFacts): MatchResult {
  const ranked = levels
    .map((level, index) => ({ level, index }))
    .sort((a, b) => b.level.severity - a.level.severity || a.index - b.index);
  const matched = ranked.filter(({ level }) => triggerHolds(level.trigger, facts)).map(({ level }) => level);
  const winner = matched[0] ?? null;
  return {
    level: winner,
    explanation: winner ? explainTrigger(winner.trigger, facts) : [],
    matchedLevelKeys: matched.map((l) => l.key),
  };
}

/** The measures whose trigger holds, in plan order, each with its explanation. */
export function matchMeasures(measures: readonly SupplementaryMeasure[], facts: IncidentFacts): PlanMatch['measures'] {
  return measures.filter((m) => triggerHolds(m.trigger, facts)).map((measure) => ({ measure, explanation: explainTrigger(measure.trigger, facts) }));
}

/** The response level (exclusive, most severe wins) and every matching measure (additive). */
export function matchPlan(plan: { levels: ResponseLevel[]; measures?: readonly SupplementaryMeasure[] }, facts: IncidentFacts): PlanMatch {
  return { ...matchLevel(plan.levels, facts), measures: matchMeasures(plan.measures ?? [], facts) };
}

function list<T extends string>(values: T[], labels: Record<T, string>): { zh: string; en: string } {
  return { zh: values.map((v) => labels[v] ?? v).join('、'), en: values.join(', ') };
}

/** The condition in words, Chinese then English. */
export function describeCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'CATEGORY': {
      const l = list(condition.categories, CATEGORY_LABELS);
      return `类别为${l.zh || '（空）'} / category is one of [${l.en}]`;
    }
    case 'LEVEL_REACHED': {
      const zh: string[] = [];
      const en: string[] = [];
      if (condition.levels) {
        const l = list(condition.levels, LEVEL_REACHED_LABELS);
        zh.push(`到达层级为${l.zh || '（空）'}`);
        en.push(`level reached is one of [${l.en}]`);
      }
      if (condition.atLeast) {
        zh.push(`到达层级不低于${LEVEL_REACHED_LABELS[condition.atLeast]}`);
        en.push(`level reached is at least ${condition.atLeast}`);
      }
      return `${zh.join('且')} / ${en.join(' and ')}`;
    }
    case 'HEADCOUNT': {
      const { min, max } = condition;
      const hasMin = min !== undefined && min !== null;
      const hasMax = max !== undefined && max !== null;
      if (hasMin && hasMax) return `人数${min}至${max}人 / headcount between ${min} and ${max}`;
      if (hasMin) return `人数${min}人以上（含） / headcount at least ${min}`;
      if (hasMax) return `人数不超过${max}人 / headcount at most ${max}`;
      return '人数不限 / any headcount';
    }
    case 'CONDUCT': {
      const l = list(condition.flags, CONDUCT_LABELS);
      return condition.match === 'ALL'
        ? `同时存在以下行为：${l.zh} / all of these conduct flags: [${l.en}]`
        : `存在以下任一行为：${l.zh} / any of these conduct flags: [${l.en}]`;
    }
    case 'TOPIC':
      return `涉及事项：${condition.topics.join('、')} / topic is one of [${condition.topics.join(', ')}]`;
    case 'ALERT_PERIOD':
      return condition.active
        ? '处于重大活动（敏感）期间 / an alert period is on'
        : '不处于重大活动（敏感）期间 / no alert period is on';
    case 'RISK': {
      const l = list(condition.riskFlags, RISK_LABELS);
      return condition.match === 'ALL'
        ? `同时存在以下风险：${l.zh} / all of these risk flags: [${l.en}]`
        : `存在以下任一风险：${l.zh} / any of these risk flags: [${l.en}]`;
    }
    case 'KNOWN_IN_ADVANCE':
      return condition.known
        ? '事前已掌握来访信息 / the visit was known in advance'
        : '事前未掌握来访信息 / the visit was not known in advance';
    case 'FIRST_PETITION':
      return condition.first
        ? '初信初访 / a first petition'
        : '非初信初访（此前已有来信来访） / not a first petition (an earlier incident named a petitioner)';
    case 'INTAKE_CHANNEL': {
      const l = list(condition.channels, INTAKE_CHANNEL_LABELS);
      return `信访渠道为${l.zh || '（空）'} / intake channel is one of [${l.en}]`;
    }
    case 'INTERPRETER':
      return condition.needed ? '需要语言服务（翻译） / an interpreter is needed' : '无需语言服务 / no interpreter is needed';
    case 'POLICE':
      return condition.called ? '已决定调用警力 / the police were called' : '已决定不调用警力 / the police were deliberately not called';
  }
}
