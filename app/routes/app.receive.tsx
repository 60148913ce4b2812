import { PlannedPage } from "../components/PlannedPage";

export default function ReceivePage() {
  return (
    <PlannedPage
      title="Receive"
      summary="Receive stock into lots: batch codes from your template, supplier lot, production and expiry dates, serial numbers and GS1 labels."
    />
  );
}
