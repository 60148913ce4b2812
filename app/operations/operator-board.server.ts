// Bull Board at /ops/queues: every queue of every shop, so an operator tool, behind HTTP Basic
// auth with OPS_USER/OPS_PASSWORD. Shopify sessions mean nothing here. Without the two
// variables nothing is mounted and the path answers 404 like any unknown page.
import { type RequestHandler, Router } from "express";
import type { Env } from "../env.server";
import { QUEUE_NAMES } from "../jobs/contract";
import { getQueue } from "../jobs/queues.server";
import { logger } from "../utils/logger.server";
import { credentialsMatch, type OperatorCredentials, parseBasicAuthorization } from "./basic-auth";

export const OPERATOR_BOARD_PATH = "/ops/queues";

export async function operatorBoard(config: Pick<Env, "OPS_USER" | "OPS_PASSWORD">): Promise<Router> {
  const router = Router();
  if (!config.OPS_USER || !config.OPS_PASSWORD) {
    logger.info(`queue dashboard not mounted: set OPS_USER and OPS_PASSWORD to open it at ${OPERATOR_BOARD_PATH}`);
    return router;
  }
  // Loaded only when mounted: a web process without operators does not pay for the board at start-up.
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
    import("@bull-board/api"),
    import("@bull-board/api/bullMQAdapter"),
    import("@bull-board/express"),
  ]);
  const serverAdapter = new ExpressAdapter().setBasePath(OPERATOR_BOARD_PATH);
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullMQAdapter(getQueue(name))),
    // @bull-board/express pins its own patch release of @bull-board/api: same runtime API, separate types.
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]["serverAdapter"],
    options: { uiConfig: { boardTitle: "Lotline queues" } },
  });
  router.use(
    OPERATOR_BOARD_PATH,
    requireOperator({ user: config.OPS_USER, password: config.OPS_PASSWORD }),
    serverAdapter.getRouter(),
  );
  logger.info({ path: OPERATOR_BOARD_PATH }, "queue dashboard mounted for operators");
  return router;
}

function requireOperator(expected: OperatorCredentials): RequestHandler {
  return (request, response, next) => {
    if (credentialsMatch(parseBasicAuthorization(request.headers.authorization), expected)) return next();
    response
      .status(401)
      .set("WWW-Authenticate", 'Basic realm="Lotline operators", charset="UTF-8"')
      .set("Cache-Control", "no-store")
      .type("text/plain")
      .send("Operator credentials required (OPS_USER / OPS_PASSWORD).");
  };
}
