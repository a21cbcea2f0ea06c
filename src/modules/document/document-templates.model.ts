// Built-in wording of each statutory document (version 0), used until a tenant
// saves its own (saveDocumentTemplate). {{placeholders}} are filled from the
// case; the handler edits the filled draft before approval.
import { DocumentKind } from './document.enums.js';

export interface TemplateText {
  title: string;
  body: string;
  major: boolean;
}

/** Every placeholder a template may use. */
export const PLACEHOLDERS = [
  'petitioner', 'receiptNumber', 'receivedDate', 'transferNote', 'summary', 'demands', 'decisionReason', 'reply',
  'replyDueDate', 'extensionDays', 'extensionReason', 'legalBasis', 'remedy', 'date', 'institution',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const HEAD = '{{petitioner}}：\n\n你（们）于{{receivedDate}}提出的信访事项（受理编号：{{receiptNumber}}）{{transferNote}}已收悉。反映的主要问题：{{summary}}\n信访请求：{{demands}}\n\n';
const TAIL = '\n\n{{institution}}\n（印章）\n{{date}}';

export const BUILT_IN_TEMPLATES: Record<DocumentKind, TemplateText> = {
  [DocumentKind.ACCEPTANCE_NOTICE]: {
    title: '信访事项受理告知书',
    body: `${HEAD}经审查，该信访事项属于本机关职权范围，依据{{legalBasis}}，决定予以受理。本机关将自受理之日起六十日内（{{replyDueDate}}前）办结并书面答复；情况复杂的，经批准可适当延长，但延长期限不超过三十日，并将延期理由告知你（们）。${TAIL}`,
    major: false,
  },
  [DocumentKind.NON_ACCEPTANCE_NOTICE]: {
    title: '信访事项不予受理告知书',
    body: `${HEAD}经审查，该信访事项不予受理，理由如下：{{decisionReason}}\n依据：{{legalBasis}}。\n{{remedy}}${TAIL}`,
    major: false,
  },
  [DocumentKind.NO_FURTHER_ACCEPTANCE_NOTICE]: {
    title: '信访事项不再受理告知书',
    body: `${HEAD}该信访事项已经复查、复核（或已依法终结），你（们）仍以同一事实和理由提出信访请求。依据{{legalBasis}}，各级机关不再受理。理由：{{decisionReason}}${TAIL}`,
    major: true,
  },
  [DocumentKind.EXTENSION_NOTICE]: {
    title: '信访事项延期答复告知书',
    body: `${HEAD}因{{extensionReason}}，该信访事项不能在规定期限内办结。依据{{legalBasis}}，经批准，办理期限延长{{extensionDays}}日，本机关将于{{replyDueDate}}前书面答复。${TAIL}`,
    major: false,
  },
  [DocumentKind.REPLY_OPINION]: {
    title: '信访事项处理意见书',
    body: `${HEAD}经调查核实，查明事实如下：\n{{reply}}\n\n对你（们）的请求，处理意见如下：{{decisionReason}}\n依据：{{legalBasis}}。\n\n{{remedy}}${TAIL}`,
    major: false,
  },
  [DocumentKind.REVIEW_OPINION]: {
    title: '信访事项复查意见书',
    body: `${HEAD}你（们）对原处理意见不服，请求复查。经复查，意见如下：\n{{reply}}\n依据：{{legalBasis}}。\n\n{{remedy}}${TAIL}`,
    major: true,
  },
  [DocumentKind.REREVIEW_OPINION]: {
    title: '信访事项复核意见书',
    body: `${HEAD}你（们）对复查意见不服，请求复核。经复核，意见如下：\n{{reply}}\n依据：{{legalBasis}}。\n\n{{remedy}}${TAIL}`,
    major: true,
  },
};

export const LEGAL_BASIS: Record<DocumentKind, string> = {
  [DocumentKind.ACCEPTANCE_NOTICE]: '《信访工作条例》第二十三条',
  [DocumentKind.NON_ACCEPTANCE_NOTICE]: '《信访工作条例》第二十三条、第三十一条',
  [DocumentKind.NO_FURTHER_ACCEPTANCE_NOTICE]: '《信访工作条例》第三十六条',
  [DocumentKind.EXTENSION_NOTICE]: '《信访工作条例》第三十四条',
  [DocumentKind.REPLY_OPINION]: '《信访工作条例》第三十三条、第三十四条',
  [DocumentKind.REVIEW_OPINION]: '《信访工作条例》第三十五条',
  [DocumentKind.REREVIEW_OPINION]: '《信访工作条例》第三十六条',
};

export const REMEDY: Record<DocumentKind, string> = {
  [DocumentKind.ACCEPTANCE_NOTICE]: '',
  [DocumentKind.NON_ACCEPTANCE_NOTICE]: '属于其他机关职权范围的，可以向有权处理的机关提出。',
  [DocumentKind.NO_FURTHER_ACCEPTANCE_NOTICE]: '',
  [DocumentKind.EXTENSION_NOTICE]: '',
  [DocumentKind.REPLY_OPINION]: '如对本处理意见不服，可以自收到本意见书之日起三十日内请求原办理机关的上一级机关复查。',
  [DocumentKind.REVIEW_OPINION]: '如对本复查意见不服，可以自收到本意见书之日起三十日内向复查机关的上一级机关请求复核。',
  [DocumentKind.REREVIEW_OPINION]: '本复核意见为最终意见。信访人仍以同一事实和理由提出信访请求的，不再受理。',
};

/** Fills {{placeholders}}; an unknown one is left visible for the handler to see. */
export function fillTemplate(text: string, values: Partial<Record<Placeholder, string>>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => ((PLACEHOLDERS as readonly string[]).includes(key) ? (values[key as Placeholder] ?? '') : whole));
}
