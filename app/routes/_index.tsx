// Outside the Shopify admin there is nothing to show but what Lotline is; inside it
// (a `shop` parameter is present) go straight to the embedded app.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

export default function Landing() {
  return (
    <main style={{ fontFamily: "Inter, system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>Lotline</h1>
      <p>
        Batch, lot and serial traceability for Shopify makers: receive stock into lots, know which lot every order
        shipped, and recall a bad batch in minutes.
      </p>
      <p>Open Lotline from the Apps section of your Shopify admin.</p>
    </main>
  );
}
