// GET/POST /recall/ack/:token — the public page a recall notice links to: no login, no Shopify
// admin, works without JavaScript. It shows that one customer's notice and lets them confirm they
// received it and say what they will do. Invalid links answer 404, expired ones 410, both with a
// polite page that records nothing; too many requests answer 429.
import {
  type ActionFunctionArgs,
  type HeadersFunction,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { CSSProperties } from "react";
import { z } from "zod";
import { db } from "../db.server";
import { ACK_RESPONSE_LABELS, ACK_RESPONSES } from "../recalls/ack-responses";
import {
  type AcknowledgementPage,
  acknowledgeNotice,
  retrieveAcknowledgementPage,
} from "../recalls/acknowledgement.server";
import { ACK_PER_IP, ACK_POSTS_PER_TOKEN, clientAddress, linkKey, takeRateLimit } from "../utils/rate-limit-ip.server";

/**
 * Nothing here may be cached, indexed, or leak the token to another site through Referer. Same-origin
 * rather than no-referrer: with no-referrer browsers post the form with `Origin: null`, which Remix refuses.
 */
const PAGE_HEADERS = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "same-origin",
  "X-Robots-Tag": "noindex, nofollow",
  "X-Frame-Options": "DENY",
  "Content-Security-Policy": "frame-ancestors 'none'",
};

export const headers: HeadersFunction = () => PAGE_HEADERS;

export const meta: MetaFunction = () => [
  { title: "Product recall notice" },
  { name: "robots", content: "noindex, nofollow" },
  { name: "referrer", content: "same-origin" },
];

type PageData = AcknowledgementPage | { state: "rate-limited"; retryAfterSeconds: number };

/** `saved`: the message confirms a recorded answer (otherwise it explains what went wrong). */
type Answer = PageData & { message?: string; saved?: boolean };

const STATUS: Record<PageData["state"], number> = {
  ok: 200,
  closed: 200,
  invalid: 404,
  expired: 410,
  "rate-limited": 429,
};

function respond(body: Answer, status = STATUS[body.state]) {
  const extra: Record<string, string> =
    body.state === "rate-limited" ? { "Retry-After": String(body.retryAfterSeconds) } : {};
  return json(body, { status, headers: { ...PAGE_HEADERS, ...extra } });
}

const tokenSchema = z.string().min(10).max(512);

export const loader = async ({ params, context }: LoaderFunctionArgs) => {
  const limited = await takeRateLimit(ACK_PER_IP, clientAddress(context));
  if (!limited.allowed) return respond({ state: "rate-limited", retryAfterSeconds: limited.retryAfterSeconds });
  const token = tokenSchema.safeParse(params.token);
  if (!token.success) return respond({ state: "invalid" });
  return respond(await retrieveAcknowledgementPage(db(), token.data));
};

const formSchema = z.object({
  received: z.literal("yes", { error: "Tick “I have received this notice” to confirm." }),
  response: z.enum(ACK_RESPONSES, { error: "Choose one of the answers listed, or none." }).optional(),
});

export const action = async ({ request, params, context }: ActionFunctionArgs) => {
  const token = tokenSchema.safeParse(params.token);
  const perIp = await takeRateLimit(ACK_PER_IP, clientAddress(context));
  // Counted per link too: one address-hopping client cannot flood one customer's record.
  const perToken = token.success ? await takeRateLimit(ACK_POSTS_PER_TOKEN, linkKey(token.data)) : perIp;
  if (!perIp.allowed || !perToken.allowed) {
    return respond({
      state: "rate-limited",
      retryAfterSeconds: Math.max(perIp.retryAfterSeconds, perToken.retryAfterSeconds),
    });
  }
  if (!token.success) return respond({ state: "invalid" });
  const form = Object.fromEntries(await request.formData().catch(() => new FormData()));
  const parsed = formSchema.safeParse({ received: form.received, response: form.response || undefined });
  if (!parsed.success) {
    // Show the notice again with the reason, so the customer can simply tick and resend.
    const page = await retrieveAcknowledgementPage(db(), token.data);
    const message = parsed.error.issues[0]?.message ?? "The form could not be read. Please try again.";
    return respond({ ...page, message }, page.state === "ok" ? 422 : STATUS[page.state]);
  }
  const page = await acknowledgeNotice(db(), { token: token.data, response: parsed.data.response ?? null });
  if (page.state === "closed") {
    return respond({ ...page, message: "This recall has been closed, so confirmations are no longer collected." }, 410);
  }
  return respond(
    page.state === "ok" ? { ...page, message: "Thank you — your confirmation has been recorded.", saved: true } : page,
  );
};

const styles = {
  main: {
    fontFamily: "Inter, system-ui, -apple-system, 'Segoe UI', sans-serif",
    maxWidth: 680,
    margin: "2rem auto",
    padding: "0 1rem",
    lineHeight: 1.5,
    color: "#1a1a1a",
  },
  notice: { border: "1px solid #d4d4d4", borderRadius: 8, padding: "1rem 1.25rem", background: "#fff" },
  form: { marginTop: "1.5rem", padding: "1rem 1.25rem", background: "#f6f6f7", borderRadius: 8 },
  status: { padding: "0.75rem 1rem", borderRadius: 8, background: "#e3f1df", margin: "1rem 0" },
  problem: { padding: "0.75rem 1rem", borderRadius: 8, background: "#fbeae5", margin: "1rem 0" },
  button: {
    marginTop: "1rem",
    padding: "0.6rem 1.2rem",
    fontSize: "1rem",
    borderRadius: 6,
    border: 0,
    background: "#1a1a1a",
    color: "#fff",
    cursor: "pointer",
  },
} satisfies Record<string, CSSProperties>;

export default function AcknowledgementRoute() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const data = (acted ?? loaded) as unknown as SerializedAnswer;
  return <main style={styles.main}>{renderState(data)}</main>;
}

type SerializedAnswer = (
  | Exclude<PageData, { state: "ok" }>
  | {
      state: "ok";
      notice: { subject: string; html: string; text: string };
      recipient: { acknowledgedAt: string | null; response: string | null };
      shopName: string;
      recallNumber: number;
    }
) & { message?: string; saved?: boolean };

function renderState(data: SerializedAnswer) {
  switch (data.state) {
    case "invalid":
      return (
        <Polite title="This link does not work">
          We could not find a recall notice for this link. Please use the link exactly as it appears in the email you
          received, or contact the shop that sent it.
        </Polite>
      );
    case "expired":
      return (
        <Polite title="This link has expired">
          The recall this notice belongs to is no longer collecting confirmations. If you still have the product or
          questions about it, please contact the shop that sent you the notice.
        </Polite>
      );
    case "rate-limited":
      return (
        <Polite title="Please wait a moment">
          We received many requests from your connection in a short time. Please try again in about{" "}
          {data.retryAfterSeconds} seconds.
        </Polite>
      );
    case "closed":
      return (
        <>
          <Header shopName={data.shopName} recallNumber={data.recallNumber} />
          <p style={styles.problem}>
            {data.message ?? "This recall has been closed, so confirmations are no longer collected."} The safety advice
            below still applies.
          </p>
          <Notice html={data.notice.html} />
        </>
      );
    case "ok":
      return (
        <>
          <Header shopName={data.shopName} recallNumber={data.recallNumber} />
          {data.message ? (
            <p role="status" style={data.saved ? styles.status : styles.problem}>
              {data.message}
            </p>
          ) : null}
          <Notice html={data.notice.html} />
          <AcknowledgeForm acknowledgedAt={data.recipient.acknowledgedAt} response={data.recipient.response} />
        </>
      );
  }
}

function Header({ shopName, recallNumber }: { shopName: string; recallNumber: number }) {
  return (
    <header>
      <p style={{ margin: 0, color: "#616161" }}>
        {shopName} · Recall {recallNumber}
      </p>
    </header>
  );
}

function Notice({ html }: { html: string }) {
  // The notice renderer escapes every value it puts into the HTML (the same HTML is emailed).
  // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by renderNotice, which escapes values
  return <section style={styles.notice} dangerouslySetInnerHTML={{ __html: html }} />;
}

function AcknowledgeForm({ acknowledgedAt, response }: { acknowledgedAt: string | null; response: string | null }) {
  return (
    <form method="post" style={styles.form}>
      {acknowledgedAt ? (
        <p style={{ marginTop: 0 }}>
          You confirmed receiving this notice on {new Date(acknowledgedAt).toUTCString()}. You can change your answer
          below.
        </p>
      ) : null}
      <label style={{ display: "block", fontWeight: 600 }}>
        <input type="checkbox" name="received" value="yes" required defaultChecked={Boolean(acknowledgedAt)} /> I have
        received this notice
      </label>
      <fieldset style={{ border: 0, padding: 0, margin: "1rem 0 0" }}>
        <legend>What will you do with the product? (optional)</legend>
        {ACK_RESPONSES.map((value) => (
          <label key={value} style={{ display: "block" }}>
            <input type="radio" name="response" value={value} defaultChecked={response === value} />{" "}
            {ACK_RESPONSE_LABELS[value]}
          </label>
        ))}
      </fieldset>
      <button type="submit" style={styles.button}>
        {acknowledgedAt ? "Update my answer" : "Confirm"}
      </button>
    </form>
  );
}

function Polite({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <>
      <h1 style={{ fontSize: "1.5rem" }}>{title}</h1>
      <p>{children}</p>
    </>
  );
}
