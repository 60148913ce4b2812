// The Admin GraphQL function every Shopify call in app/shopify/ takes as an argument (routes
// pass `admin.graphql`, workers the offline client's), and how its failures are classified:
// worth retrying later (throttled, Shopify or the network down) or not (access, our query).
import { AppError } from "../utils/errors";

/** `admin.graphql` of @shopify/shopify-app-remix: resolves to a Response, throws on errors. */
export type AdminGraphql = (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;

/** Shopify could not answer now; the same request may succeed later. */
export class ShopifyUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: "throttled" | "unavailable",
  ) {
    super(message);
    this.name = "ShopifyUnavailableError";
  }
}

interface GraphqlErrorShape {
  message?: string;
  extensions?: { code?: string };
}

/** Runs a query and returns its `data`; every failure is rethrown classified (see `classifyAdminError`). */
export async function adminQuery<T>(
  graphql: AdminGraphql,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  let body: { data?: T; errors?: unknown };
  try {
    const response = await graphql(query, { variables });
    body = (await response.json()) as { data?: T; errors?: unknown };
  } catch (error) {
    throw classifyAdminError(error);
  }
  if (body.errors || !body.data) throw classifyAdminError({ body });
  return body.data;
}

/**
 * Turns what the Shopify library throws into a ShopifyUnavailableError (retry later) or an
 * AppError (retrying cannot help: no access, or a request Shopify refuses as written).
 */
export function classifyAdminError(error: unknown): ShopifyUnavailableError | AppError {
  if (error instanceof ShopifyUnavailableError || error instanceof AppError) return error;
  const shaped = error as {
    name?: string;
    message?: string;
    body?: { errors?: unknown };
    response?: { code?: number; statusText?: string };
  };

  // A session that is gone: the shop uninstalled Lotline (or never finished installing).
  if (shaped?.name === "SessionNotFoundError") {
    return new AppError(
      "NOT_ALLOWED",
      "Lotline has no access to this shop in Shopify (it was uninstalled). Open Lotline from the Shopify admin to reinstall it, then retry.",
    );
  }

  const graphQLErrors = graphqlErrorsOf(shaped?.body?.errors);
  if (graphQLErrors.length > 0) {
    const codes = graphQLErrors.map((e) => e.extensions?.code);
    const message = graphQLErrors.map((e) => e.message ?? "GraphQL error").join("; ");
    if (codes.includes("THROTTLED")) {
      return new ShopifyUnavailableError(`Shopify is rate-limiting Lotline: ${message}`, "throttled");
    }
    if (codes.includes("INTERNAL_SERVER_ERROR") || codes.includes("SERVICE_UNAVAILABLE")) {
      return new ShopifyUnavailableError(`Shopify could not answer: ${message}`, "unavailable");
    }
    if (codes.includes("ACCESS_DENIED")) {
      return new AppError(
        "NOT_ALLOWED",
        `Shopify denied Lotline access: ${message}. Approve the app's requested permissions in the Shopify admin, then retry.`,
      );
    }
    return new AppError("INVALID_DATA", `Shopify refused the request: ${message}`);
  }

  const status = shaped?.response?.code;
  if (status === 401 || status === 403) {
    return new AppError(
      "NOT_ALLOWED",
      `Shopify refused Lotline's access token (HTTP ${status}): the app was uninstalled or its access revoked. Open Lotline from the Shopify admin to reinstall it, then retry.`,
    );
  }
  if (status === 429) return new ShopifyUnavailableError("Shopify is rate-limiting Lotline (HTTP 429)", "throttled");
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new AppError(
      "INVALID_DATA",
      `Shopify refused the request (HTTP ${status} ${shaped.response?.statusText ?? ""})`.trim(),
    );
  }
  // 5xx, timeouts, connection errors: Shopify or the network, not us.
  return new ShopifyUnavailableError(
    `Shopify could not be reached: ${shaped?.message ?? String(error)}`,
    "unavailable",
  );
}

function graphqlErrorsOf(errors: unknown): GraphqlErrorShape[] {
  if (Array.isArray(errors)) return errors as GraphqlErrorShape[];
  const nested = (errors as { graphQLErrors?: unknown } | undefined)?.graphQLErrors;
  return Array.isArray(nested) ? (nested as GraphqlErrorShape[]) : [];
}

/**
 * The Admin client of a shop's offline session, for jobs. Imported lazily so a worker that
 * never calls Shopify does not build the Shopify app (and its environment checks) on load.
 */
export async function offlineAdminGraphql(shopDomain: string): Promise<AdminGraphql> {
  const { unauthenticated } = await import("../shopify.server");
  try {
    const { admin } = await unauthenticated.admin(shopDomain);
    return admin.graphql as AdminGraphql;
  } catch (error) {
    throw classifyAdminError(error);
  }
}
