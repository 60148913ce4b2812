// What a customer can answer on the acknowledgement page, shared by the page (client) and the
// code that records it (server).
export const ACK_RESPONSES = ["disposed", "returning", "refund"] as const;
export type AckResponse = (typeof ACK_RESPONSES)[number];

export const ACK_RESPONSE_LABELS: Record<AckResponse, string> = {
  disposed: "I have disposed of the product",
  returning: "I am returning the product",
  refund: "I would like a refund",
};
