import { PlannedPage } from "../components/PlannedPage";

export default function ExportsPage() {
  return (
    <PlannedPage
      title="Exports"
      summary="Forward and backward trace reports, the FDA FSMA 204 sortable spreadsheet, GS1 EPCIS 2.0 files and retailer shipment files."
    />
  );
}
