// The control API over HTTP (JSON under /control/...), for the demo, the admin shell and tests
// in other processes. Each route calls one function of the in-process control surface.
import type { IncomingMessage, ServerResponse } from "node:http";
import { InvalidFaultsError, parseWebhookFaults } from "../webhooks/faults";
import { ControlError, type SimulatorControl } from "./control";
import { BodyError, parseJson, readBody, sendJson } from "./http";

type Json = Record<string, unknown>;
type Handler = (input: { params: string[]; body: Json; query: URLSearchParams }) => unknown;

const SHOP = "/control/shops/([^/]+)";

function routes(control: SimulatorControl): Array<[string, RegExp, Handler]> {
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked by the store functions they reach.
  const input = (body: Json) => body as any;
  const route = (method: string, path: string, handler: Handler): [string, RegExp, Handler] => [
    method,
    new RegExp(`^${path}$`),
    handler,
  ];
  return [
    route("POST", "/control/shops", ({ body }) => control.createShop(input(body))),
    route("GET", SHOP, ({ params }) => control.describeShop(params[0])),
    route("POST", `${SHOP}/locations`, ({ params, body }) => control.createLocation(params[0], input(body))),
    route("POST", `${SHOP}/products`, ({ params, body }) => control.createProduct(params[0], input(body))),
    route("DELETE", `${SHOP}/products/([^/]+)`, ({ params }) => control.deleteProduct(params[0], params[1])),
    route("POST", `${SHOP}/customers`, ({ params, body }) => control.createCustomer(params[0], input(body))),
    route("POST", `${SHOP}/orders`, ({ params, body }) => control.placeOrder(params[0], input(body))),
    route("POST", `${SHOP}/orders/([^/]+)/edit`, ({ params, body }) =>
      control.editOrder(params[0], params[1], input(body)),
    ),
    route("POST", `${SHOP}/orders/([^/]+)/cancel`, ({ params, body }) =>
      control.cancelOrder(params[0], params[1], input(body)),
    ),
    route("POST", `${SHOP}/orders/([^/]+)/refund`, ({ params, body }) =>
      control.refundOrder(params[0], params[1], input(body)),
    ),
    route("POST", `${SHOP}/orders/([^/]+)/fulfill`, ({ params, body }) =>
      control.fulfillOrder(params[0], params[1], input(body)),
    ),
    route("POST", `${SHOP}/orders/([^/]+)/return`, ({ params, body }) =>
      control.returnItems(params[0], params[1], input(body)),
    ),
    route("POST", `${SHOP}/inventory/adjust`, ({ params, body }) => control.adjustInventory(params[0], input(body))),
    route("POST", `${SHOP}/inventory/move`, ({ params, body }) => control.moveInventory(params[0], input(body))),
    route("PUT", `${SHOP}/plan`, ({ params, body }) => control.setPlan(params[0], input(body).plan)),
    route("POST", `${SHOP}/install`, ({ params }) => {
      control.installApp(params[0]);
      return { appInstalled: true };
    }),
    route("POST", `${SHOP}/uninstall`, ({ params }) => ({ webhooks: control.uninstallApp(params[0]) })),
    route("POST", `${SHOP}/session-token`, ({ params, body }) => ({
      token: control.mintSessionToken(params[0], input(body)),
    })),
    route("POST", `${SHOP}/customers/([^/]+)/data-request`, ({ params }) => ({
      webhooks: control.requestCustomerData(params[0], params[1]),
    })),
    route("POST", `${SHOP}/customers/([^/]+)/redact`, ({ params }) => ({
      webhooks: control.redactCustomer(params[0], params[1]),
    })),
    route("POST", `${SHOP}/redact`, ({ params }) => ({ webhooks: control.redactShop(params[0]) })),
    route("GET", "/control/webhooks", ({ query }) =>
      control.webhookDeliveries({
        shop: query.get("shop") ?? undefined,
        topic: query.get("topic") ?? undefined,
        state: (query.get("state") as never) ?? undefined,
      }),
    ),
    route("POST", "/control/webhooks/wait", async () => {
      await control.waitForWebhooks();
      return { idle: true };
    }),
    route("GET", "/control/webhooks/faults", () => control.webhookFaults()),
    route("PUT", "/control/webhooks/faults", ({ body }) => {
      control.setWebhookFaults(parseWebhookFaults(body));
      return control.webhookFaults();
    }),
    route("POST", "/control/webhooks/release", () => {
      control.releaseHeldWebhooks();
      return { released: true };
    }),
  ];
}

/** Handles the request if it is a control route; false otherwise. */
export function createControlRoutes(control: SimulatorControl) {
  const table = routes(control);
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith("/control/") && url.pathname !== "/control") return false;
    // The admin shell calls these from a page that may live on another origin.
    const cors = { "Access-Control-Allow-Origin": "*" };
    if (request.method === "OPTIONS") {
      response.writeHead(204, {
        ...cors,
        "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE",
        "Access-Control-Allow-Headers": "Content-Type",
      });
      response.end();
      return true;
    }
    const candidates = table.filter(([, pattern]) => pattern.test(url.pathname));
    const found = candidates.find(([method]) => method === request.method);
    if (!found) {
      const status = candidates.length > 0 ? 405 : 404;
      sendJson(response, status, { error: `No control route ${request.method} ${url.pathname}` }, cors);
      return true;
    }
    const [, pattern, handler] = found;
    const params = pattern.exec(url.pathname)!.slice(1).map(decodeURIComponent);
    try {
      const text = await readBody(request);
      const body = text.trim() === "" ? {} : parseJson(text);
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        throw new BodyError("the body must be a JSON object");
      }
      const result = await handler({ params, body: body as Json, query: url.searchParams });
      sendJson(response, 200, result ?? {}, cors);
    } catch (error) {
      sendJson(response, statusOf(error), { error: (error as Error).message }, cors);
    }
    return true;
  };
}

function statusOf(error: unknown): number {
  if (error instanceof ControlError) return error.status;
  if (error instanceof BodyError) return 400;
  if (error instanceof InvalidFaultsError) return 422;
  // The store throws plain Errors for requests it cannot carry out (unknown ids, bad quantities);
  // anything else (a TypeError, say) is a simulator bug.
  return error instanceof Error && error.constructor === Error ? 422 : 500;
}
