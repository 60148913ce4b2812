// The Business details page: every location (from Shopify and from the ledger) and supplier the
// merchant may need to describe for FSMA 204 and EPCIS files, with what they already entered.
import type { Db } from "../db.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchLocationNames } from "../shopify/catalog.server";
import { describeParty, type TraceDetails } from "./trace-details";
import { listTraceParties, retrieveTraceDetails } from "./trace-details.server";

export interface TraceDetailsPage {
  details: TraceDetails;
  locations: { id: string; shopifyName: string | null; code: string | null; missing: string[] }[];
  suppliers: { name: string; missing: string[] }[];
}

export async function loadTraceDetailsPage(
  db: Db,
  input: { shopId: string; graphql: AdminGraphql },
): Promise<TraceDetailsPage> {
  const [details, parties, names] = await Promise.all([
    retrieveTraceDetails(db, input.shopId),
    listTraceParties(db, input.shopId),
    fetchLocationNames(input.graphql),
  ]);
  const codes = new Map(parties.locations.map((location) => [location.id, location.code]));
  const ids = [...new Set([...names.keys(), ...codes.keys(), ...Object.keys(details.locations)])];
  return {
    details,
    locations: ids
      .map((id) => ({
        id,
        shopifyName: names.get(id) ?? null,
        code: codes.get(id) ?? null,
        missing: describeParty(details.locations[id], null).missing,
      }))
      .sort((a, b) => (a.shopifyName ?? a.id).localeCompare(b.shopifyName ?? b.id)),
    suppliers: [...new Set([...parties.suppliers, ...Object.keys(details.suppliers)])]
      .sort((a, b) => a.localeCompare(b))
      .map((name) => ({ name, missing: describeParty(details.suppliers[name], name).missing })),
  };
}
