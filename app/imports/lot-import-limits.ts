// How large a lot import may be. Kept apart from the CSV reader so the browser (which checks
// the size before uploading) does not bundle the Node-only CSV parser.
export const LOT_IMPORT_LIMITS = {
  bytes: 5 * 1024 * 1024,
  rows: 50_000,
};
