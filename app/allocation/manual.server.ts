// What the merchant decides by hand on the order page: which lots a line ships from (pinned, so
// automatic allocation leaves them), which serial numbers go out with it, and the choices the
// page offers. Each change is audited and reaches Shopify through the order's write-back.
export { assignSerials } from "./assign-serials.server";
export { type LineAllocationOption, lineAllocationOptions } from "./line-options.server";
export { type ReallocateLineInput, reallocateLine } from "./reallocate-line.server";
