// What the recall pages show and do: the list, the draft form (lots to choose, the notice text
// around its required elements, a preview with a real customer's data), the trace, the stop-the-stock
// steps, sending and the dashboard that follows the send. Routes authenticate and parse; this glues
// the recall domain (R1-R5) into page data.
import { retrieveCachedShopTimeZone } from "../catalog/shop-locations.server";
import type { DraftValues, LotChoice, NoticeTemplates } from "../components/recalls/RecallForm";
import type { Db } from "../db.server";
import { env } from "../env.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchLocationNames } from "../shopify/catalog.server";
import { calendarDate, formatInstant } from "../utils/dates";
import { AppError } from "../utils/errors";
import { loadPreviewContext } from "./notice-context.server";
import { renderNotice } from "./notice-render";
import {
  checkNoticeTemplate,
  defaultNoticeTemplate,
  JURISDICTIONS,
  type Jurisdiction,
  NOTICE_ELEMENTS,
  NOTICE_PLACEHOLDERS,
} from "./notice-template";
import { retrieveRecallDashboard } from "./recall-dashboard.server";
import { checkRecallDraft } from "./recall-input";
import { traceRecall } from "./recall-trace.server";
import { createRecallDraft, listRecalls, retrieveRecall, updateRecallDraft } from "./recalls.server";
import { readActionResult, summarizeAction } from "./stock-action-plan";
import { listRecallActions } from "./stock-actions.server";

type Graphql = () => Promise<AdminGraphql>;

const LOT_SEARCH_LIMIT = 25;
/** Form fields that may carry several values (checkboxes, the chosen lots). */
const LIST_FIELDS = new Set(["customerActions", "remedies", "lotIds"]);

/** A posted form as the draft check reads it: lists for the multi-value fields, text for the rest. */
export function draftFormFields(form: FormData): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key).filter((value): value is string => typeof value === "string");
    fields[key] = LIST_FIELDS.has(key) ? values : (values[0] ?? "");
  }
  for (const key of LIST_FIELDS) fields[key] ??= [];
  return fields;
}

// ---------------------------------------------------------------------------------------------
// List

export async function loadRecallListPage(db: Db, input: { shopId: string; graphql: Graphql }) {
  const [timeZone, recalls] = await Promise.all([
    retrieveCachedShopTimeZone(db, input.shopId, input.graphql),
    listRecalls(db, input.shopId),
  ]);
  return {
    recalls: recalls.map((recall) => ({
      id: recall.id,
      number: recall.number,
      title: recall.title,
      status: recall.status,
      lots: recall.lotCodes,
      createdAt: formatInstant(recall.createdAt, timeZone),
      sentAt: recall.sentAt ? formatInstant(recall.sentAt, timeZone) : null,
      targeted: recall.recipients,
      acknowledged: recall.acknowledged,
    })),
    // Without a mail server notices are written as files: the merchant finds them in the outbox.
    outbox: !env().SMTP_URL,
  };
}

// ---------------------------------------------------------------------------------------------
// Draft form

/** Lots a merchant can pick by typing part of a code, supplier lot, SKU or product name. */
export async function searchRecallLots(db: Db, input: { shopId: string; query: string }) {
  const query = input.query.trim();
  const lots = await db.lot.findMany({
    where: {
      shopId: input.shopId,
      ...(query
        ? {
            OR: [
              { code: { contains: query, mode: "insensitive" } },
              { supplierLotCode: { contains: query, mode: "insensitive" } },
              { sku: { contains: query, mode: "insensitive" } },
              { productTitle: { contains: query, mode: "insensitive" } },
            ],
          }
        : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: LOT_SEARCH_LIMIT,
    select: lotChoiceSelect,
  });
  return lots.map(lotChoice);
}

const lotChoiceSelect = {
  id: true,
  code: true,
  productTitle: true,
  sku: true,
  expiresAt: true,
  status: true,
  onHandQuantity: true,
} as const;

function lotChoice(lot: {
  id: string;
  code: string;
  productTitle: string;
  sku: string | null;
  expiresAt: Date | null;
  status: string;
  onHandQuantity: number;
}): LotChoice {
  return {
    id: lot.id,
    code: lot.code,
    productTitle: lot.productTitle,
    sku: lot.sku,
    expiresAt: calendarDate(lot.expiresAt),
    status: lot.status,
    onHand: lot.onHandQuantity,
  };
}

type SerialProduct = { value: string; label: string };

/** Products with serial numbers, for the serial-range alternative to whole lots. */
async function listSerialProducts(db: Db, shopId: string): Promise<SerialProduct[]> {
  const rows = await db.$queryRaw<{ productId: string; productTitle: string }[]>`
    SELECT DISTINCT ON (l."productId") l."productId", l."productTitle"
    FROM "Lot" l
    WHERE l."shopId" = ${shopId}::uuid
      AND EXISTS (SELECT 1 FROM "SerialNumber" s WHERE s."shopId" = l."shopId" AND s."lotId" = l.id)
    ORDER BY l."productId", l."receivedAt" DESC
    LIMIT 200`;
  return rows.map((row) => ({ value: row.productId, label: row.productTitle }));
}

/** What the notice editor needs: each jurisdiction's default text and required elements. */
function noticeTemplates() {
  return Object.fromEntries(
    JURISDICTIONS.map((jurisdiction) => [
      jurisdiction,
      {
        ...defaultNoticeTemplate(jurisdiction),
        heading: NOTICE_ELEMENTS[jurisdiction].heading,
        required: NOTICE_ELEMENTS[jurisdiction].required.map((name) => ({
          name: `{{${name}}}`,
          meaning: NOTICE_PLACEHOLDERS[name],
        })),
      },
    ]),
  ) as NoticeTemplates;
}

const EMPTY_DRAFT: DraftValues = {
  title: "",
  jurisdiction: "generic",
  severity: "high",
  reason: "",
  hazard: "",
  customerActions: [],
  remedies: [],
  contactEmail: "",
  contactPhone: "",
  contactUrl: "",
  lots: [],
  serialProductId: "",
  serialFrom: "",
  serialTo: "",
  noticeSubject: "",
  noticeBody: "",
  expiresAt: "",
};

/**
 * The new-recall form: empty, or starting from the lots named in ?lot= (a lot page's "Recall"
 * link); with the lots matching `lotSearch`, which the lot picker of any draft form loads from here.
 */
export async function loadNewRecallForm(db: Db, input: { shopId: string; lotIds: string[]; lotSearch: string }) {
  const [lots, serialProducts, lotChoices] = await Promise.all([
    input.lotIds.length
      ? db.lot.findMany({ where: { shopId: input.shopId, id: { in: input.lotIds } }, select: lotChoiceSelect })
      : [],
    listSerialProducts(db, input.shopId),
    searchRecallLots(db, { shopId: input.shopId, query: input.lotSearch }),
  ]);
  const values: DraftValues = { ...EMPTY_DRAFT, lots: lots.map(lotChoice) };
  return { values, serialProducts, templates: noticeTemplates(), lotChoices };
}

/**
 * Saves a draft (new when recallId is null). Field problems — the draft's and the notice
 * template's, which names a removed {{element}} — come back together as one INVALID_DATA.
 */
export async function saveRecallDraft(
  db: Db,
  input: { shopId: string; recallId: string | null; fields: Record<string, string | string[]>; actor: string },
) {
  const checked = checkRecallDraft(input.fields);
  const jurisdiction = (
    checked.ok ? checked.value.jurisdiction : JURISDICTIONS.find((each) => each === input.fields.jurisdiction)
  ) as Jurisdiction | undefined;
  const subject = textField(input.fields.noticeSubject);
  const body = textField(input.fields.noticeBody);
  const template = jurisdiction ? checkNoticeTemplate(jurisdiction, subject, body) : { ok: true as const };
  const fields = { ...(checked.ok ? {} : checked.fields), ...(template.ok ? {} : template.fields) };
  if (!checked.ok || !template.ok) {
    throw new AppError("INVALID_DATA", "The recall was not saved: correct the fields marked below.", fields);
  }
  if (input.recallId) {
    return updateRecallDraft(db, {
      shopId: input.shopId,
      recallId: input.recallId,
      input: checked.value,
      actor: input.actor,
    });
  }
  return createRecallDraft(db, { shopId: input.shopId, input: checked.value, actor: input.actor });
}

/** A blank notice box means "the template's default text". */
function textField(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text && text.trim() !== "" ? text : null;
}

// ---------------------------------------------------------------------------------------------
// One recall

export async function loadRecallPage(db: Db, input: { shopId: string; recallId: string; graphql: Graphql }) {
  const { shopId, recallId } = input;
  const recall = await retrieveRecall(db, shopId, recallId);
  const [timeZone, locationNames, trace, actions, preview, dashboard, serialProducts] = await Promise.all([
    retrieveCachedShopTimeZone(db, shopId, input.graphql),
    input.graphql().then(fetchLocationNames),
    traceRecall(db, shopId, recallId),
    listRecallActions(db, shopId, recallId),
    previewRecallNotice(db, { shopId, recallId }),
    recall.status === "draft" ? null : retrieveRecallDashboard(db, shopId, recallId),
    recall.status === "draft" ? listSerialProducts(db, shopId) : Promise.resolve([] as SerialProduct[]),
  ]);
  const at = (value: Date | null) => (value ? formatInstant(value, timeZone) : null);
  const jurisdiction = recall.jurisdiction as Jurisdiction;

  return {
    recall: {
      id: recall.id,
      number: recall.number,
      title: recall.title,
      status: recall.status,
      severity: recall.severity,
      jurisdiction,
      hazard: recall.hazard,
      lots: recall.lots.map(({ lot }) => lot.code),
      serialRange: recall.serialFrom && recall.serialTo ? `${recall.serialFrom} to ${recall.serialTo}` : null,
      createdAt: at(recall.createdAt),
      sentAt: at(recall.sentAt),
      allSentAt: at(recall.allSentAt),
      closedAt: at(recall.closedAt),
    },
    // The form shows what is saved; a blank notice means the template's default, shown as such.
    values: {
      title: recall.title,
      jurisdiction,
      severity: recall.severity,
      reason: recall.reason,
      hazard: recall.hazard,
      customerActions: recall.customerActions,
      remedies: recall.remedies,
      contactEmail: recall.contactEmail ?? "",
      contactPhone: recall.contactPhone ?? "",
      contactUrl: recall.contactUrl ?? "",
      lots: recall.serialProductId ? [] : recall.lots.map(({ lot }) => lotChoice(lot)),
      serialProductId: recall.serialProductId ?? "",
      serialFrom: recall.serialFrom ?? "",
      serialTo: recall.serialTo ?? "",
      noticeSubject: recall.noticeSubject ?? defaultNoticeTemplate(jurisdiction).subject,
      noticeBody: recall.noticeBody ?? defaultNoticeTemplate(jurisdiction).body,
      expiresAt: calendarDate(recall.expiresAt) ?? "",
    } satisfies DraftValues,
    trace: {
      ...trace,
      lots: trace.lots.map((lot) => ({
        ...lot,
        location: locationNames.get(lot.locationId) ?? "Unknown location",
        expiresAt: calendarDate(lot.expiresAt),
      })),
    },
    actions: actions.map((action) => ({
      id: action.id,
      kind: action.kind,
      status: action.status,
      summary: summarizeAction(readActionResult(action.result)),
      error: action.error,
      requestedAt: at(action.requestedAt),
      completedAt: at(action.completedAt),
    })),
    preview,
    dashboard,
    serialProducts,
    templates: noticeTemplates(),
    // Without a mail server notices are written as files: the merchant finds them in the outbox.
    outbox: !env().SMTP_URL,
  };
}

/** The notice as the first affected customer would get it; null when no one received the lots. */
export async function previewRecallNotice(db: Db, input: { shopId: string; recallId: string }) {
  const context = await loadPreviewContext(db, input);
  if (!context) return null;
  const notice = renderNotice(context);
  return { to: context.recipient.name ?? context.recipient.email ?? "a customer", ...notice };
}

export const STOCK_ACTION_KINDS = ["quarantine_stock", "hold_orders", "tag_orders"] as const;
export type StockActionKind = (typeof STOCK_ACTION_KINDS)[number];
