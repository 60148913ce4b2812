// metafieldsSet (at most 25 per call, atomic, type and value checks, 128 KB json values,
// compare-and-set with `compareDigest`) and metafieldDefinitionCreate.
import {
  createMetafieldDefinition,
  findMetafield,
  findMetafieldDefinition,
  metafieldDigest,
  metafieldOwnerType,
  resolveNamespace,
  writeMetafield,
} from "../../store/metafields";
import { findRecord, type ShopState } from "../../store/store";
import type { MetafieldOwnerType } from "../../store/types";
import { notSimulated } from "../errors";
import { invalidMetafieldValue, isKnownMetafieldType, JSON_METAFIELD_MAX_BYTES } from "../metafield-types";
import type { Args, ResolverMap } from "./framework";

export const METAFIELDS_SET_LIMIT = 25;

interface MetafieldsSetUserError {
  field: string[] | null;
  message: string;
  code: string;
  elementIndex: number | null;
}

/** Length and character rules for namespaces (3-255) and keys (2-64). */
function identifierProblem(value: string, min: number, max: number, label: string) {
  if (value.length < min) return { code: "TOO_SHORT", message: `${label} is too short (minimum is ${min} characters)` };
  if (value.length > max) return { code: "TOO_LONG", message: `${label} is too long (maximum is ${max} characters)` };
  if (!/^[A-Za-z0-9_-]+$/.test(value)) {
    return { code: "INVALID", message: `${label} contains one or more invalid characters.` };
  }
  return null;
}

function checkMetafield(state: ShopState, appId: number, input: Args, index: number): MetafieldsSetUserError[] {
  const at = (field: string) => ["metafields", String(index), field];
  const problem = (field: string, code: string, message: string) => ({
    field: at(field),
    message,
    code,
    elementIndex: index,
  });
  const ownerType = metafieldOwnerType(input.ownerId);
  if (!ownerType || !findRecord(state, input.ownerId)) return [problem("ownerId", "INVALID", "Owner does not exist.")];

  const errors: MetafieldsSetUserError[] = [];
  const namespace = resolveNamespace(appId, input.namespace);
  const namespaceProblem = identifierProblem(namespace, 3, 255, "Namespace");
  if (namespaceProblem) errors.push(problem("namespace", namespaceProblem.code, namespaceProblem.message));
  const keyProblem = identifierProblem(input.key, 2, 64, "Key");
  if (keyProblem) errors.push(problem("key", keyProblem.code, keyProblem.message));

  const definition = findMetafieldDefinition(state, ownerType, namespace, input.key);
  const type: string | undefined = input.type ?? definition?.type;
  if (!type) {
    errors.push(problem("type", "BLANK", "Type can't be blank."));
  } else if (!isKnownMetafieldType(type)) {
    errors.push(problem("type", "INVALID_TYPE", `Type '${type}' is not a valid metafield type.`));
  } else if (definition && definition.type !== type) {
    errors.push(
      problem("type", "INVALID_TYPE", `Type must be '${definition.type}' to match the metafield definition.`),
    );
  } else if (input.value === "") {
    errors.push(problem("value", "BLANK", "Value can't be blank."));
  } else if (type === "json" && Buffer.byteLength(input.value, "utf8") > JSON_METAFIELD_MAX_BYTES) {
    errors.push(
      problem(
        "value",
        "TOO_LONG",
        `Value exceeds the maximum size of ${JSON_METAFIELD_MAX_BYTES / 1024} KB for json metafields.`,
      ),
    );
  } else {
    const invalid = invalidMetafieldValue(type, input.value);
    if (invalid) errors.push(problem("value", "INVALID_VALUE", invalid));
  }

  // compareDigest absent: no check; null: the metafield must not exist yet; a digest: it must match.
  if (Object.hasOwn(input, "compareDigest")) {
    const existing = findMetafield(state, input.ownerId, namespace, input.key);
    const stale =
      input.compareDigest === null
        ? existing !== undefined
        : !existing || metafieldDigest(existing) !== input.compareDigest;
    if (stale) {
      errors.push(
        problem(
          "compareDigest",
          "STALE_OBJECT",
          "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.",
        ),
      );
    }
  }
  return errors;
}

const SUPPORTED_DEFINITION_INPUT = new Set([
  "access",
  "description",
  "key",
  "name",
  "namespace",
  "ownerType",
  "pin",
  "type",
]);

export const metafieldMutationResolvers: ResolverMap = {
  Mutation: {
    metafieldsSet: {
      args: ["metafields"],
      resolve: (_s, args, { state, appId }) => {
        const inputs = args.metafields as Args[];
        if (inputs.length > METAFIELDS_SET_LIMIT) {
          return {
            metafields: null,
            userErrors: [
              {
                field: ["metafields"],
                message: `Exceeded the maximum metafields input limit of ${METAFIELDS_SET_LIMIT}.`,
                code: "LESS_THAN_OR_EQUAL_TO",
                elementIndex: null,
              },
            ],
          };
        }
        const errors = inputs.flatMap((input, index) => checkMetafield(state, appId, input, index));
        // Atomic: one bad metafield and none are written.
        if (errors.length > 0) return { metafields: null, userErrors: errors };
        const metafields = inputs.map((input) => {
          const namespace = resolveNamespace(appId, input.namespace);
          const ownerType = metafieldOwnerType(input.ownerId)!;
          const type = input.type ?? findMetafieldDefinition(state, ownerType, namespace, input.key)!.type;
          return writeMetafield(state, { ownerId: input.ownerId, namespace, key: input.key, type, value: input.value });
        });
        return { metafields, userErrors: [] };
      },
    },
    metafieldDefinitionCreate: {
      args: ["definition"],
      resolve: (_s, args, { state, appId }) => {
        const input = args.definition as Args;
        for (const [field, value] of Object.entries(input)) {
          // Inputs left at their defaults (false, empty) ask for nothing the simulator lacks.
          const isEmpty = value === null || value === false || (Array.isArray(value) && value.length === 0);
          if (!SUPPORTED_DEFINITION_INPUT.has(field) && !isEmpty) {
            throw notSimulated(`MetafieldDefinitionInput.${field}`);
          }
        }
        const at = (field: string) => ["definition", field];
        const namespace = resolveNamespace(appId, input.namespace);
        const appOwned = namespace.startsWith(`app--${appId}`);
        const errors: { field: string[]; message: string; code: string }[] = [];
        const namespaceProblem = identifierProblem(namespace, 3, 255, "Namespace");
        if (namespaceProblem) errors.push({ field: at("namespace"), ...namespaceProblem });
        const keyProblem = identifierProblem(input.key, 2, 64, "Key");
        if (keyProblem) errors.push({ field: at("key"), ...keyProblem });
        if (!input.name?.trim()) errors.push({ field: at("name"), message: "Name can't be blank.", code: "BLANK" });
        if (!isKnownMetafieldType(input.type)) {
          errors.push({ field: at("type"), message: "Type is not included in the list.", code: "INCLUSION" });
        }
        if (input.access?.admin && !appOwned) {
          errors.push({
            field: ["definition", "access", "admin"],
            message: "Admin access can only be specified on metafield definitions that have an app namespace.",
            code: "ADMIN_ACCESS_INPUT_NOT_ALLOWED",
          });
        }
        if (findMetafieldDefinition(state, input.ownerType, namespace, input.key)) {
          errors.push({
            field: at("key"),
            message: `Key is in use for ${input.ownerType} metafields on the '${namespace}' namespace.`,
            code: "TAKEN",
          });
        }
        if (errors.length > 0) return { createdDefinition: null, userErrors: errors };
        const pinned = [...state.metafieldDefinitions.values()].filter(
          (d) => d.ownerType === input.ownerType && d.pinnedPosition !== null,
        );
        const createdDefinition = createMetafieldDefinition(state, {
          ownerType: input.ownerType as MetafieldOwnerType,
          namespace,
          key: input.key,
          name: input.name,
          description: input.description ?? null,
          type: input.type,
          pinnedPosition: input.pin ? pinned.length + 1 : null,
          access: {
            admin: input.access?.admin ?? (appOwned ? "MERCHANT_READ_WRITE" : "PUBLIC_READ_WRITE"),
            storefront: input.access?.storefront ?? null,
            customerAccount: input.access?.customerAccount ?? null,
          },
        });
        return { createdDefinition, userErrors: [] };
      },
    },
  },
};
