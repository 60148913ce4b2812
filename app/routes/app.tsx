// The embedded app's frame: authenticates every page, then renders Polaris inside App
// Bridge with Lotline's navigation.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticateAdmin } from "../auth.server";
import { env } from "../env.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const NAVIGATION = [
  { to: "/app/receive", label: "Receive" },
  { to: "/app/lots", label: "Lots" },
  { to: "/app/trace", label: "Trace" },
  { to: "/app/products", label: "Products" },
  { to: "/app/orders", label: "Orders" },
  { to: "/app/recalls", label: "Recalls" },
  { to: "/app/exports", label: "Exports" },
  { to: "/app/settings", label: "Settings" },
  { to: "/app/operations", label: "Operations" },
] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticateAdmin(request);
  const config = env();
  return { apiKey: config.SHOPIFY_API_KEY, appBridgeUrl: config.APP_BRIDGE_URL };
};

export default function AppFrame() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} __APP_BRIDGE_URL={appBridgeUrl}>
      <NavMenu>
        <Link to="/app" rel="home">
          Home
        </Link>
        {NAVIGATION.map((item) => (
          <Link key={item.to} to={item.to}>
            {item.label}
          </Link>
        ))}
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify's boundary turns auth redirects (thrown Responses) into App Bridge navigations.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
