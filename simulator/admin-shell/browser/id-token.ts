// `shopify.idToken()`: session tokens come from the admin (the shell), live about a minute,
// and are reused until shortly before they expire, so a page full of fetches does not ask
// the admin once per request.

export interface IdTokenSource {
  /** A token valid for at least `marginSeconds` more; `fresh` skips the cache (after a 401). */
  get(options?: { fresh?: boolean }): Promise<string>;
}

/** The `exp` claim of a JWT in seconds, or null when the token cannot be read. */
export function tokenExpiry(token: string): number | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")));
    return typeof claims.exp === "number" ? claims.exp : null;
  } catch {
    return null;
  }
}

export function createIdTokenSource(options: {
  request: () => Promise<string>;
  now?: () => number;
  marginSeconds?: number;
}): IdTokenSource {
  const now = options.now ?? Date.now;
  const margin = options.marginSeconds ?? 10;
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  const fetchToken = () => {
    inFlight ??= options.request().then(
      (token) => {
        inFlight = null;
        const exp = tokenExpiry(token);
        cached = exp === null ? null : { token, expiresAt: exp };
        return token;
      },
      (error: unknown) => {
        inFlight = null;
        throw error;
      },
    );
    return inFlight;
  };

  return {
    get({ fresh = false } = {}) {
      if (!fresh && cached && cached.expiresAt - margin > now() / 1000) return Promise.resolve(cached.token);
      if (fresh) cached = null;
      return fetchToken();
    },
  };
}
