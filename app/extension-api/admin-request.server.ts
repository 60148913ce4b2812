// The admin UI extensions' side of the extension API: the staff member's session token, checked
// by Shopify's admin library, names the shop; answers are made as every extension route's are.
import { authenticateAdmin } from "../auth.server";
import { BadRequest, extensionAnswerer } from "./extension-answer.server";

export type AdminExtensionContext = Awaited<ReturnType<typeof authenticateAdmin>>;

/** Authenticates the staff member, runs `handle`, and answers with CORS headers whatever happens. */
export const answerAdminExtension = extensionAnswerer<AdminExtensionContext>({
  async authenticate(request) {
    const context = await authenticateAdmin(request);
    return { context, cors: context.cors };
  },
  signInAgain: "Your Shopify session could not be verified. Reload the page in the Shopify admin and try again.",
});

// A re-allocation or a full list of serial numbers (1,000 × 64 characters) is far smaller.
const MAX_BODY_BYTES = 256 * 1024;

/** The JSON body; a body that is not JSON is answered 400, one over the size limit 413. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const tooLarge = new BadRequest("The request is too large to be a change to one order line.", 413);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) throw tooLarge;
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge;
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest("The request body is not valid JSON.");
  }
}
