// Customers: names, email and phone (old fields and the newer default* objects), addresses.
import type { CustomerRecord, MailingAddressRecord } from "../../store/types";
import type { SearchFields } from "../search-query";
import { byId, connectionArgs, listConnection, type SortValues } from "./common";
import { type ResolverMap, withArgs } from "./framework";
import { orderConnection } from "./orders";

const CUSTOMER_SORT_KEYS: SortValues<CustomerRecord> = {
  CREATED_AT: (c) => c.createdAt,
  UPDATED_AT: (c) => c.updatedAt,
  NAME: (c) => displayName(c).toLowerCase(),
};

const CUSTOMER_SEARCH: SearchFields<CustomerRecord> = {
  email: { kind: "text", read: (c) => c.email },
  phone: { kind: "text", read: (c) => c.phone },
  first_name: { kind: "text", read: (c) => c.firstName },
  last_name: { kind: "text", read: (c) => c.lastName },
  tag: { kind: "tags", read: (c) => c.tags },
  id: { kind: "id", read: (c) => c.id },
  updated_at: { kind: "time", read: (c) => c.updatedAt },
  customer_date: { kind: "time", read: (c) => c.createdAt },
};

export const customerResolvers: ResolverMap = {
  QueryRoot: {
    customers: withArgs(connectionArgs("query", "sortKey"), (_s, args, context) =>
      listConnection([...context.state.customers.values()], args, context, {
        resource: "customers",
        sortKeys: CUSTOMER_SORT_KEYS,
        search: CUSTOMER_SEARCH,
      }),
    ),
    customer: withArgs(["id"], (_s, args, { state }) => byId(state.customers, args.id)),
  },
  Customer: {
    displayName: (customer: CustomerRecord) => displayName(customer),
    defaultEmailAddress: (customer: CustomerRecord) =>
      customer.email === null
        ? null
        : { emailAddress: customer.email, marketingState: "NOT_SUBSCRIBED", validFormat: true },
    defaultPhoneNumber: (customer: CustomerRecord) =>
      customer.phone === null ? null : { phoneNumber: customer.phone },
    defaultAddress: (customer: CustomerRecord) => customer.addresses[0] ?? null,
    addresses: withArgs(["first"], (customer: CustomerRecord, args) =>
      args.first == null ? customer.addresses : customer.addresses.slice(0, args.first),
    ),
    addressesV2: withArgs(connectionArgs(), (customer: CustomerRecord, args, context) =>
      listConnection(customer.addresses, args, context, { resource: "customer addresses" }),
    ),
    numberOfOrders: (customer: CustomerRecord, _args, { state }) =>
      String([...state.orders.values()].filter((order) => order.customerId === customer.id).length),
    orders: withArgs(connectionArgs("query", "sortKey"), (customer: CustomerRecord, args, context) =>
      orderConnection(
        [...context.state.orders.values()].filter((order) => order.customerId === customer.id),
        args,
        context,
      ),
    ),
    state: () => "ENABLED",
    verifiedEmail: (customer: CustomerRecord) => customer.email !== null,
  },
  MailingAddress: {
    name: (address: MailingAddressRecord) => [address.firstName, address.lastName].filter(Boolean).join(" ") || null,
    formatted: withArgs(["withName", "withCompany"], (address: MailingAddressRecord, args) => {
      const cityLine = [address.city, address.provinceCode ?? address.province, address.zip].filter(Boolean).join(" ");
      return [
        args.withName ? [address.firstName, address.lastName].filter(Boolean).join(" ") : null,
        args.withCompany ? address.company : null,
        address.address1,
        address.address2,
        cityLine,
        address.country,
      ].filter((part): part is string => !!part);
    }),
  },
};

function displayName(customer: CustomerRecord): string {
  return [customer.firstName, customer.lastName].filter(Boolean).join(" ") || customer.email || customer.phone || "";
}
