import { PlannedPage } from "../components/PlannedPage";

export default function OrdersPage() {
  return (
    <PlannedPage
      title="Orders"
      summary="Which lots and serial numbers each order was allocated, first-expiry-first-out, kept true through edits, refunds and returns."
    />
  );
}
