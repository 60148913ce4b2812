import { PlannedPage } from "../components/PlannedPage";

export default function LotsPage() {
  return (
    <PlannedPage
      title="Lots"
      summary="Every lot you hold, where it is, what is left, when it expires, and where each unit went."
    />
  );
}
