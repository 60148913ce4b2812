import { PlannedPage } from "../components/PlannedPage";

export default function RecallsPage() {
  return (
    <PlannedPage
      title="Recalls"
      summary="Recall a lot: find every affected order and customer in seconds, stop the stock, and send each customer a compliant notice once."
    />
  );
}
