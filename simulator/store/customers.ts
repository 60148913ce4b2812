// Customers and their mailing addresses.
import { type Changed, ChangeSet, newGid, nowIso, type ShopState } from "./store";
import type { CustomerRecord, MailingAddressRecord } from "./types";

export type MailingAddressInput = Partial<Omit<MailingAddressRecord, "__typename" | "id">>;

export interface CreateCustomerInput {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  tags?: string[];
  addresses?: MailingAddressInput[];
}

export function createCustomer(state: ShopState, input: CreateCustomerInput): Changed<CustomerRecord> {
  const email = input.email ?? null;
  if (email !== null && [...state.customers.values()].some((c) => c.email?.toLowerCase() === email.toLowerCase())) {
    throw new Error(`A customer with email ${email} already exists in ${state.shop.myshopifyDomain}`);
  }
  const now = nowIso(state);
  const customer: CustomerRecord = {
    __typename: "Customer",
    id: newGid(state, "Customer"),
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    email,
    phone: input.phone ?? null,
    tags: input.tags ?? [],
    addresses: (input.addresses ?? []).map((address) => mailingAddress(state, address, input)),
    createdAt: now,
    updatedAt: now,
  };
  state.customers.set(customer.id, customer);
  const changes = new ChangeSet(state);
  changes.add("customers/create", customer.id);
  return changes.commit(customer);
}

export type UpdateCustomerInput = Pick<CreateCustomerInput, "firstName" | "lastName" | "email" | "phone">;

export function updateCustomer(
  state: ShopState,
  customerId: string,
  patch: UpdateCustomerInput,
): Changed<CustomerRecord> {
  const customer = state.customers.get(customerId);
  if (!customer) throw new Error(`Unknown customer ${customerId}`);
  for (const key of ["firstName", "lastName", "email", "phone"] as const) {
    if (patch[key] !== undefined) customer[key] = patch[key];
  }
  customer.updatedAt = nowIso(state);
  const changes = new ChangeSet(state);
  changes.add("customers/update", customer.id);
  return changes.commit(customer);
}

export function mailingAddress(
  state: ShopState,
  input: MailingAddressInput,
  names: { firstName?: string | null; lastName?: string | null } = {},
): MailingAddressRecord {
  return {
    __typename: "MailingAddress",
    id: newGid(state, "MailingAddress"),
    firstName: input.firstName ?? names.firstName ?? null,
    lastName: input.lastName ?? names.lastName ?? null,
    company: input.company ?? null,
    address1: input.address1 ?? null,
    address2: input.address2 ?? null,
    city: input.city ?? null,
    province: input.province ?? null,
    provinceCode: input.provinceCode ?? null,
    country: input.country ?? null,
    countryCodeV2: input.countryCodeV2 ?? null,
    zip: input.zip ?? null,
    phone: input.phone ?? null,
  };
}
