// The embedded app's pages authenticate with Shopify session tokens; a shop that has
// uninstalled Lotline is refused even if a session lingers.
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { loader } from "../app/routes/app";
import { createOfflineSession, createShop } from "./support/factories";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "./support/test-env";

async function load(request: Request): Promise<{ status: number; data?: unknown }> {
  try {
    const data = await loader({ request, params: {}, context: {} });
    return { status: 200, data };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status };
    throw thrown;
  }
}

function pageRequest(shop: string) {
  return setUpValidRequest(
    {
      type: RequestType.Bearer,
      store: shop.replace(".myshopify.com", ""),
      apiKey: TEST_API_KEY,
      apiSecretKey: TEST_API_SECRET,
    },
    new Request(`${TEST_APP_URL}/app`),
  );
}

beforeEach(async () => {
  await db().shop.deleteMany();
  await db().session.deleteMany();
});

describe("embedded app authentication", () => {
  it("serves an installed shop that presents a valid session token", async () => {
    const shop = await createShop(db());
    await createOfflineSession(db(), shop.domain);
    const result = await load(await pageRequest(shop.domain));
    expect(result).toEqual({ status: 200, data: expect.objectContaining({ apiKey: TEST_API_KEY }) });
  });

  it("refuses a shop that uninstalled Lotline, even with a lingering session", async () => {
    const shop = await createShop(db(), { uninstalledAt: new Date() });
    await createOfflineSession(db(), shop.domain);
    expect((await load(await pageRequest(shop.domain))).status).toBe(403);
    expect((await db().shop.findUniqueOrThrow({ where: { id: shop.id } })).uninstalledAt).not.toBeNull();
  });

  it("refuses a request without a session token", async () => {
    const shop = await createShop(db());
    await createOfflineSession(db(), shop.domain);
    const result = await load(new Request(`${TEST_APP_URL}/app`, { headers: { Authorization: "Bearer not-a-jwt" } }));
    expect(result.status).toBe(401);
  });
});
