// Recall notice templates: the text the merchant edits around {{placeholders}}, and the check that
// keeps every element the jurisdiction's regulator expects in it (and, for the EU, no wording that
// plays the risk down).

export const JURISDICTIONS = ["eu_gpsr", "us_fda_food", "us_cpsc", "generic"] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

/** Every placeholder a template may use, with what it stands for (shown in error messages and the editor). */
export const NOTICE_PLACEHOLDERS = {
  shop_name: "your shop's name",
  customer_name: "the customer's name",
  recall_number: "the recall number",
  recall_title: "the recall title",
  product_names: "the names of the recalled products",
  order_numbers: 'the customer\'s order numbers ("order #1001" or "orders #1001 and #1017")',
  product_identification: "the product identification",
  lot_codes: "the batch and serial numbers",
  affected_items: "the table of the customer's affected items",
  reason: "why the product is recalled",
  hazard: "the description of the risk",
  what_to_do: "what the customer must do",
  remedy: "the remedies you offer",
  contact: "how to contact you",
  acknowledge_link: "the link the customer confirms with",
} as const;
export type NoticePlaceholder = keyof typeof NOTICE_PLACEHOLDERS;

export interface NoticeElements {
  /** Text the subject and the body must start with (the heading the regulator expects), if any. */
  heading: string | null;
  /** Placeholders the body must keep. */
  required: NoticePlaceholder[];
  /** Refuse wording that downplays the risk (GPSR Art. 36(2)). */
  refuseDownplaying: boolean;
}

export const NOTICE_ELEMENTS: Record<Jurisdiction, NoticeElements> = {
  // Regulation (EU) 2023/988 Art. 36 and the Commission's recall notice template (Implementing
  // Regulation (EU) 2024/1435): heading, product with batch/serial numbers, the risk, stop using, remedies.
  eu_gpsr: {
    heading: "Product safety recall",
    required: ["product_identification", "lot_codes", "hazard", "what_to_do", "remedy", "contact", "acknowledge_link"],
    refuseDownplaying: true,
  },
  // FDA food recalls and CPSC recalls name the product, its lot codes, the hazard, what to do, the
  // remedy and a contact.
  us_fda_food: {
    heading: null,
    required: ["product_identification", "lot_codes", "hazard", "what_to_do", "remedy", "contact", "acknowledge_link"],
    refuseDownplaying: false,
  },
  us_cpsc: {
    heading: null,
    required: ["product_identification", "lot_codes", "hazard", "what_to_do", "remedy", "contact", "acknowledge_link"],
    refuseDownplaying: false,
  },
  generic: {
    heading: null,
    required: ["product_identification", "lot_codes", "hazard", "what_to_do", "contact", "acknowledge_link"],
    refuseDownplaying: false,
  },
};

// Phrases the GPSR and the Commission's template name as lowering consumers' perception of the risk,
// and their close variants.
const DOWNPLAYING_PHRASES = [
  "voluntary",
  "voluntarily",
  "precautionary",
  "as a precaution",
  "out of an abundance of caution",
  "abundance of caution",
  "discretionary",
  "in rare cases",
  "in rare situations",
  "in rare circumstances",
  "in specific situations",
  "in certain situations",
  "in exceptional cases",
  "extremely rare",
  "very rare",
  "no reported incidents",
  "no reported injuries",
  "no reported accidents",
  "no incidents have been reported",
  "no injuries have been reported",
  "no accidents have been reported",
  "minimal risk",
  "negligible risk",
];

/** The first phrase in `text` that downplays the risk, or null. */
export function findDownplayingWording(text: string): string | null {
  const lower = text.toLowerCase().replace(/\s+/g, " ");
  let found: { phrase: string; at: number } | null = null;
  for (const phrase of DOWNPLAYING_PHRASES) {
    const match = new RegExp(`(^|[^a-z])${phrase.replace(/ /g, "\\s+")}($|[^a-z])`).exec(lower);
    if (
      match &&
      (!found || match.index < found.at || (match.index === found.at && phrase.length > found.phrase.length))
    )
      found = { phrase, at: match.index };
  }
  return found?.phrase ?? null;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The placeholders used in a template, in order of appearance (normalised, duplicates kept). */
export function listPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

export function isNoticePlaceholder(name: string): name is NoticePlaceholder {
  return Object.hasOwn(NOTICE_PLACEHOLDERS, name);
}

const DEFAULT_BODIES: Record<Jurisdiction, { subject: string; body: string }> = {
  eu_gpsr: {
    subject: "Product safety recall: {{product_names}}",
    body: `Product safety recall

Dear {{customer_name}},

{{shop_name}} is recalling {{product_names}}. You bought it from us in {{order_numbers}}.

Which product is recalled?
{{product_identification}}

Batch and serial numbers:
{{lot_codes}}

{{affected_items}}

What is the danger?
{{hazard}}

What must you do?
{{what_to_do}}

What do we offer you?
{{remedy}}

Questions? Contact us:
{{contact}}

Please confirm that you have received this notice:
{{acknowledge_link}}`,
  },
  us_fda_food: {
    subject: "Food recall: {{product_names}}",
    body: `Important food recall

Dear {{customer_name}},

{{shop_name}} is recalling {{product_names}} that you bought from us in {{order_numbers}}.

Product:
{{product_identification}}

Lot codes:
{{lot_codes}}

{{affected_items}}

Hazard:
{{hazard}}

What to do:
{{what_to_do}}

Remedy:
{{remedy}}

Contact:
{{contact}}

Please confirm that you have received this notice:
{{acknowledge_link}}`,
  },
  us_cpsc: {
    subject: "Product recall: {{product_names}}",
    body: `Product recall notice

Dear {{customer_name}},

{{shop_name}} is recalling {{product_names}} that you bought from us in {{order_numbers}}.

Product:
{{product_identification}}

Lot codes and serial numbers:
{{lot_codes}}

{{affected_items}}

Hazard:
{{hazard}}

What to do:
{{what_to_do}}

Remedy:
{{remedy}}

Contact:
{{contact}}

Please confirm that you have received this notice:
{{acknowledge_link}}`,
  },
  generic: {
    subject: "Product recall: {{product_names}}",
    body: `Product recall notice

Dear {{customer_name}},

{{shop_name}} is recalling {{product_names}} that you bought from us in {{order_numbers}}.

Product:
{{product_identification}}

Batch and serial numbers:
{{lot_codes}}

{{affected_items}}

Why is it recalled?
{{hazard}}

What to do:
{{what_to_do}}

What we offer:
{{remedy}}

Contact:
{{contact}}

Please confirm that you have received this notice:
{{acknowledge_link}}`,
  },
};

export function defaultNoticeTemplate(jurisdiction: Jurisdiction): { subject: string; body: string } {
  return { ...DEFAULT_BODIES[jurisdiction] };
}

export type NoticeTemplateCheck = { ok: true } | { ok: false; fields: { noticeSubject?: string; noticeBody?: string } };

/**
 * Refuses a template that lost a required element, uses a placeholder Lotline does not know, or
 * (EU) plays the risk down. Null subject/body mean the jurisdiction's default. Each field gets the
 * first problem found, naming the element or word.
 */
export function checkNoticeTemplate(
  jurisdiction: Jurisdiction,
  subject: string | null | undefined,
  body: string | null | undefined,
): NoticeTemplateCheck {
  const elements = NOTICE_ELEMENTS[jurisdiction];
  const fallback = DEFAULT_BODIES[jurisdiction];
  const fields: { noticeSubject?: string; noticeBody?: string } = {};
  const subjectText = subject ?? fallback.subject;
  const bodyText = body ?? fallback.body;

  const subjectProblem = checkPart(subjectText, "subject", elements);
  if (subjectProblem) fields.noticeSubject = subjectProblem;
  else if (subjectText.trim() === "") fields.noticeSubject = "The notice needs a subject.";
  else if (/[\r\n]/.test(subjectText)) fields.noticeSubject = "The subject must be a single line.";

  const bodyProblem = checkPart(bodyText, "body", elements);
  if (bodyProblem) fields.noticeBody = bodyProblem;
  else {
    const used = new Set(listPlaceholders(bodyText));
    const missing = elements.required.find((name) => !used.has(name));
    if (missing) fields.noticeBody = `The notice must keep {{${missing}}} (${NOTICE_PLACEHOLDERS[missing]}).`;
  }
  return fields.noticeSubject || fields.noticeBody ? { ok: false, fields } : { ok: true };
}

function checkPart(text: string, part: "subject" | "body", elements: NoticeElements): string | null {
  const unknown = listPlaceholders(text).find((name) => !isNoticePlaceholder(name));
  if (unknown !== undefined) {
    return `{{${unknown}}} is not a placeholder Lotline knows. Check the spelling; the placeholders are ${Object.keys(
      NOTICE_PLACEHOLDERS,
    )
      .map((name) => `{{${name}}}`)
      .join(", ")}.`;
  }
  // Braces left over once the placeholders are gone are a broken placeholder ("{{hazard}" or "{hazard}}").
  const leftover = text.replace(PLACEHOLDER, "");
  if (/\{\{|\}\}/.test(leftover)) {
    return `The ${part} has a placeholder with unmatched braces; write placeholders as {{hazard}}.`;
  }
  if (elements.heading && !text.trimStart().toLowerCase().startsWith(elements.heading.toLowerCase())) {
    return `The ${part} must start with "${elements.heading}".`;
  }
  if (elements.refuseDownplaying) {
    const phrase = findDownplayingWording(text);
    if (phrase) {
      return `Remove "${phrase}": an EU recall notice must not use wording that makes the risk sound smaller.`;
    }
  }
  return null;
}

/**
 * The merchant's own risk text goes into {{hazard}} and {{reason}} verbatim, so an EU notice
 * refuses downplaying wording there too. For the draft check before sending (field names as the form's).
 */
export function checkNoticeWording(
  jurisdiction: Jurisdiction,
  texts: { hazard?: string | null; reason?: string | null },
): { ok: true } | { ok: false; fields: { hazard?: string; reason?: string } } {
  if (!NOTICE_ELEMENTS[jurisdiction].refuseDownplaying) return { ok: true };
  const fields: { hazard?: string; reason?: string } = {};
  for (const key of ["hazard", "reason"] as const) {
    const phrase = findDownplayingWording(texts[key] ?? "");
    if (phrase) {
      fields[key] = `Remove "${phrase}": an EU recall notice must not use wording that makes the risk sound smaller.`;
    }
  }
  return fields.hazard || fields.reason ? { ok: false, fields } : { ok: true };
}
