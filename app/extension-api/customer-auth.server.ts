// The customer account extensions' side of the extension API: Shopify's customer account session
// token (sub = the signed-in customer, dest = the shop); answers are made as every extension
// route's are.
import { authenticate } from "../shopify.server";
import { numericIdOfGid } from "../utils/shopify-gid";
import { extensionAnswerer } from "./extension-answer.server";

export interface CustomerRequest {
  shopDomain: string;
  /** gid://shopify/Customer/<n>; null when no customer is signed in. */
  customerId: string | null;
}

/** Authenticates the customer, runs `handle`, and answers with CORS headers whatever happens. */
export const answerCustomerExtension = extensionAnswerer<CustomerRequest>({
  async authenticate(request) {
    const { sessionToken, cors } = await authenticate.public.customerAccount(request);
    const sub = typeof sessionToken.sub === "string" ? sessionToken.sub : null;
    return {
      context: {
        shopDomain: shopDomainOf(sessionToken.dest),
        customerId: numericIdOfGid(sub, "Customer") ? sub : null,
      },
      cors,
    };
  },
  signInAgain: "Sign in to your account again to see this order's recall notices.",
});

/** `dest` is the shop's domain, with or without a scheme depending on the surface. */
function shopDomainOf(dest: string): string {
  return dest.includes("://") ? new URL(dest).hostname : dest;
}
