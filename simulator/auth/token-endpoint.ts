// POST /admin/oauth/access_token as Shopify answers it for embedded apps: token exchange (a
// session token for an offline or online access token) and the refresh grant for expiring
// offline tokens. Failures are OAuth-style 400s: { error, error_description }.
import type { ShopRecord } from "../store/types";
import type { AppAccess, IssuedToken } from "./access-tokens";
import { verifySessionToken } from "./session-token";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

export interface TokenEndpointContext {
  access: AppAccess;
  apiKey: string;
  apiSecret: string;
  shop: ShopRecord;
  now: number;
}

export interface TokenEndpointAnswer {
  status: number;
  body: Record<string, unknown>;
}

const oauthError = (error: string, description: string): TokenEndpointAnswer => ({
  status: 400,
  body: { error, error_description: description },
});

/** `params` is the request body, JSON or form-encoded, already decoded. */
export function answerTokenRequest(
  context: TokenEndpointContext,
  params: Record<string, unknown>,
): TokenEndpointAnswer {
  const text = (name: string) => (typeof params[name] === "string" ? (params[name] as string) : undefined);
  const grantType = text("grant_type");
  if (!grantType) return oauthError("invalid_request", "The request is missing the grant_type parameter");
  if (text("client_id") !== context.apiKey || text("client_secret") !== context.apiSecret) {
    return oauthError("invalid_client", "Client authentication failed: unknown client_id or wrong client_secret");
  }
  if (grantType === TOKEN_EXCHANGE_GRANT) return exchangeToken(context, text);
  if (grantType === "refresh_token") return refreshToken(context, text("refresh_token"));
  return oauthError("unsupported_grant_type", `The grant type ${grantType} is not supported`);
}

function exchangeToken(context: TokenEndpointContext, text: (name: string) => string | undefined) {
  const { access, shop } = context;
  const subjectToken = text("subject_token");
  if (!subjectToken) return oauthError("missing_subject_token", "The subject_token parameter is required");
  if (text("subject_token_type") !== ID_TOKEN_TYPE) {
    return oauthError("invalid_request", `subject_token_type must be ${ID_TOKEN_TYPE}`);
  }
  const requested = text("requested_token_type");
  if (requested !== OFFLINE_TOKEN_TYPE && requested !== ONLINE_TOKEN_TYPE) {
    return oauthError("invalid_request", `requested_token_type must be ${OFFLINE_TOKEN_TYPE} or ${ONLINE_TOKEN_TYPE}`);
  }
  const verified = verifySessionToken(subjectToken, {
    apiKey: context.apiKey,
    apiSecret: context.apiSecret,
    now: new Date(context.now),
  });
  if (!verified.ok) return oauthError("invalid_subject_token", `The session token is invalid: ${verified.reason}`);
  if (verified.shop !== shop.myshopifyDomain) {
    return oauthError("invalid_subject_token", `The session token was issued for ${verified.shop}`);
  }
  // Shopify-managed installation issues session tokens only once the app is installed.
  if (!access.isInstalled(shop.myshopifyDomain)) {
    return oauthError("invalid_subject_token", `The app is not installed on ${shop.myshopifyDomain}`);
  }
  const online = requested === ONLINE_TOKEN_TYPE;
  const issued = access.issue(shop.myshopifyDomain, {
    mode: online ? "online" : "offline",
    // The library always sends `expiring` ("0" or "1"); online tokens always expire.
    expiring: text("expiring") === "1",
    userId: online ? verified.claims.sub : null,
  });
  if (!online) return { status: 200, body: offlineBody(issued, context.now) };
  return {
    status: 200,
    body: {
      ...offlineBody(issued, context.now),
      associated_user_scope: access.scopes,
      associated_user: {
        id: Number(verified.claims.sub) || 1,
        first_name: "Shop",
        last_name: "Owner",
        email: shop.email,
        email_verified: true,
        account_owner: true,
        locale: "en",
        collaborator: false,
      },
    },
  };
}

function refreshToken(context: TokenEndpointContext, token: string | undefined): TokenEndpointAnswer {
  if (!token) return oauthError("invalid_request", "The refresh_token parameter is required");
  const issued = context.access.refresh(context.shop.myshopifyDomain, token);
  if (!issued) return oauthError("invalid_grant", "The refresh token is invalid, expired, revoked or already used");
  return { status: 200, body: offlineBody(issued, context.now) };
}

function offlineBody({ accessToken, refreshToken }: IssuedToken, now: number): Record<string, unknown> {
  const seconds = (at: number) => Math.max(0, Math.round((at - now) / 1000));
  return {
    access_token: accessToken.token,
    scope: accessToken.scope,
    ...(accessToken.expiresAt !== null ? { expires_in: seconds(accessToken.expiresAt) } : {}),
    ...(refreshToken
      ? { refresh_token: refreshToken.token, refresh_token_expires_in: seconds(refreshToken.expiresAt) }
      : {}),
  };
}
