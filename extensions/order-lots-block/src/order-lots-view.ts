// Turns the order's lots answer into what the block shows: the order's status with its reason,
// and for each lot-tracked line its lots, serial numbers and what is still missing.
import type { OrderLotsLine, OrderLotsResponse } from "../../../app/extension-api/types";
import { appHref } from "../../shared/admin-ids";
import {
  lineStatusWording,
  orderStatusDetail,
  orderStatusWording,
  type StatusWording,
} from "../../shared/allocation-wording";
import { expiryText, lotStatusBadge, type Tone } from "../../shared/lot-wording";

export interface LotRowView {
  key: string;
  code: string;
  expiry: string;
  /** Shown only when the lot is no longer active (recalled, quarantined, expired...). */
  statusBadge: { label: string; tone: Tone } | null;
  quantity: number;
  shipped: number;
}

export interface LineView {
  id: string;
  title: string;
  sku: string | null;
  quantityText: string;
  status: StatusWording;
  attentionReason: string | null;
  lots: LotRowView[];
  serials: Array<{ serial: string; lotCode: string; status: string }>;
  serialsMissingText: string | null;
}

export type OrderLotsView =
  | { kind: "not_processed"; status: StatusWording; detail: string }
  | { kind: "no_tracked_lines"; status: StatusWording; appHref: string | null }
  | {
      kind: "lines";
      status: StatusWording;
      detail: string | null;
      appHref: string | null;
      lines: LineView[];
      untrackedCount: number;
    };

export function orderLotsView(answer: OrderLotsResponse): OrderLotsView {
  const { order } = answer;
  const status = orderStatusWording(order.status);
  const href = order.appPath ? appHref(order.appPath) : null;
  if (order.status === "not_processed") {
    return { kind: "not_processed", status, detail: orderStatusDetail(order.status, null) ?? "" };
  }
  const tracked = answer.lines.filter((line) => line.status !== "untracked");
  if (tracked.length === 0) return { kind: "no_tracked_lines", status, appHref: href };
  return {
    kind: "lines",
    status,
    detail: orderStatusDetail(order.status, order.attentionReason),
    appHref: href,
    lines: tracked.map(lineView),
    untrackedCount: answer.lines.length - tracked.length,
  };
}

function lineView(line: OrderLotsLine): LineView {
  return {
    id: line.id,
    title: line.title,
    sku: line.sku,
    quantityText: `${line.shipped} of ${line.quantity} shipped`,
    status: lineStatusWording(line.status),
    attentionReason: line.attentionReason,
    lots: line.lots.map((lot) => ({
      key: lot.lotId,
      code: lot.code,
      expiry: expiryText(lot.expiresAt),
      statusBadge: lot.lotStatus === "active" ? null : lotStatusBadge(lot.lotStatus),
      quantity: lot.quantity,
      shipped: lot.shipped,
    })),
    serials: line.serials,
    serialsMissingText: serialsMissingText(line),
  };
}

export function serialsMissingText(line: Pick<OrderLotsLine, "serialTracked" | "serialsMissing">): string | null {
  if (!line.serialTracked || line.serialsMissing <= 0) return null;
  return line.serialsMissing === 1
    ? "1 unit still needs a serial number."
    : `${line.serialsMissing} units still need serial numbers.`;
}
