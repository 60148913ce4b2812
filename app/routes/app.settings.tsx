import { PlannedPage } from "../components/PlannedPage";

export default function SettingsPage() {
  return (
    <PlannedPage
      title="Settings"
      summary="Batch code templates, expiry rules, recall notice defaults and the business details your exports need."
    />
  );
}
