// A believable small maker's shop for the demo and for tests that want a full catalogue:
// soaps, candles and a food line, two locations, fifty customers. Deterministic: the
// same seed builds the same shop, so screenshots and tests are stable.
import {
  createCustomer,
  createLocation,
  createOrder,
  createProduct,
  createShop,
  type ShopState,
  type Store,
} from "../store";

/** GS1's own example company prefix (0614141), so demo barcodes are valid but clearly not real products. */
const COMPANY_PREFIX = "0614141";

type Line = "soap" | "candle" | "food";

interface CatalogueEntry {
  title: string;
  line: Line;
  variants: string[];
  price: string;
}

const CATALOGUE: CatalogueEntry[] = [
  { title: "Lavender Oat Soap", line: "soap", variants: ["Bar"], price: "9.00" },
  { title: "Charcoal Tea Tree Soap", line: "soap", variants: ["Bar"], price: "9.00" },
  { title: "Goat Milk & Honey Soap", line: "soap", variants: ["Bar", "Gift box of 3"], price: "10.00" },
  { title: "Rosemary Mint Soap", line: "soap", variants: ["Bar"], price: "9.00" },
  { title: "Citrus Sunrise Soap", line: "soap", variants: ["Bar"], price: "8.50" },
  { title: "Unscented Sensitive Soap", line: "soap", variants: ["Bar"], price: "8.00" },
  { title: "Sea Salt Scrub Bar", line: "soap", variants: ["Bar"], price: "11.00" },
  { title: "Shampoo Bar", line: "soap", variants: ["Dry hair", "Oily hair"], price: "13.00" },
  { title: "Beeswax Pillar Candle", line: "candle", variants: ["Small", "Large"], price: "18.00" },
  { title: "Cedar & Smoke Candle", line: "candle", variants: ["8 oz tin", "16 oz jar"], price: "22.00" },
  { title: "Fig Leaf Candle", line: "candle", variants: ["8 oz tin", "16 oz jar"], price: "22.00" },
  { title: "Vanilla Bean Candle", line: "candle", variants: ["8 oz tin"], price: "20.00" },
  { title: "Soy Tealights", line: "candle", variants: ["Pack of 12"], price: "12.00" },
  { title: "Birthday Taper Set", line: "candle", variants: ["Pastel", "Gold"], price: "9.00" },
  { title: "Wildflower Honey", line: "food", variants: ["250 g", "500 g"], price: "12.00" },
  { title: "Raw Buckwheat Honey", line: "food", variants: ["250 g"], price: "14.00" },
  { title: "Strawberry Rhubarb Jam", line: "food", variants: ["220 g"], price: "8.00" },
  { title: "Apricot Preserve", line: "food", variants: ["220 g"], price: "8.00" },
  { title: "Maple Pecan Granola", line: "food", variants: ["400 g"], price: "11.00" },
  { title: "Chili Garlic Oil", line: "food", variants: ["200 ml"], price: "13.00" },
  { title: "Lemon Curd", line: "food", variants: ["200 g"], price: "9.50" },
  { title: "Herbal Bath Tea", line: "soap", variants: ["Box of 5"], price: "15.00" },
];

const FIRST_NAMES = [
  "Ada",
  "Ben",
  "Chloe",
  "Dev",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kemi",
  "Liam",
  "Maya",
  "Noor",
  "Oscar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sami",
  "Tara",
  "Umar",
  "Vera",
  "Wes",
  "Xenia",
  "Yusuf",
];
const LAST_NAMES = [
  "Almeida",
  "Brooks",
  "Chen",
  "Dubois",
  "Evans",
  "Fischer",
  "Garcia",
  "Hughes",
  "Ito",
  "Jensen",
  "Kowalski",
  "Larsen",
  "Moreau",
  "Novak",
  "Okafor",
  "Patel",
  "Quiroga",
  "Rossi",
  "Schmidt",
  "Tanaka",
];
const CITIES = [
  { city: "Portland", province: "Oregon", provinceCode: "OR", zip: "97205" },
  { city: "Seattle", province: "Washington", provinceCode: "WA", zip: "98101" },
  { city: "Boise", province: "Idaho", provinceCode: "ID", zip: "83702" },
  { city: "Denver", province: "Colorado", provinceCode: "CO", zip: "80202" },
  { city: "Sacramento", province: "California", provinceCode: "CA", zip: "95814" },
];

/** Mulberry32: a tiny seeded PRNG; Math.random would make every demo different. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** GTIN-13 with its GS1 check digit (weights 1,3,1,3… from the left for 12 digits). */
export function gtin13(itemReference: number): string {
  const body = `${COMPANY_PREFIX}${String(itemReference).padStart(5, "0")}`;
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

function skuOf(title: string, variant: string): string {
  const initials = (text: string) =>
    text
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((word) => (/^\d+$/.test(word) ? word : word[0].toUpperCase()))
      .join("");
  return `${initials(title)}-${initials(variant)}`;
}

export interface SeededShop {
  shop: ShopState;
  locationIds: string[];
  variantIds: string[];
  customerIds: string[];
}

export function seedMakerShop(
  store: Store,
  options: { name?: string; domain?: string; seed?: number } = {},
): SeededShop {
  const random = seededRandom(options.seed ?? 42);
  const shop = createShop(store, {
    name: options.name ?? "Juniper & Wick",
    myshopifyDomain: options.domain,
    locations: [
      {
        name: "Workshop",
        address: {
          address1: "214 SE Alder St",
          city: "Portland",
          province: "Oregon",
          provinceCode: "OR",
          zip: "97214",
          phone: "+1 503 555 0142",
        },
      },
    ],
  });
  createLocation(shop, {
    name: "Warehouse",
    address: {
      address1: "88 Industrial Way",
      city: "Salt Lake City",
      province: "Utah",
      provinceCode: "UT",
      zip: "84104",
      phone: "+1 801 555 0190",
    },
  });
  const locationIds = [...shop.locations.keys()];

  const variantIds: string[] = [];
  let itemReference = 100;
  for (const entry of CATALOGUE) {
    const { value } = createProduct(shop, {
      title: entry.title,
      productType: { soap: "Soap & bath", candle: "Candles", food: "Pantry" }[entry.line],
      tags: entry.line === "food" ? ["food", "perishable"] : [entry.line],
      variants: entry.variants.map((variant) => {
        itemReference += 1;
        return {
          title: variant,
          sku: skuOf(entry.title, variant),
          barcode: gtin13(itemReference),
          price: entry.price,
          inventory: Object.fromEntries(locationIds.map((id) => [id, 20 + Math.floor(random() * 60)])),
        };
      }),
    });
    variantIds.push(...value.variants.map((variant) => variant.id));
  }

  const customerIds: string[] = [];
  for (let index = 0; index < 50; index += 1) {
    const firstName = FIRST_NAMES[index % FIRST_NAMES.length];
    const lastName = LAST_NAMES[(index * 7) % LAST_NAMES.length];
    const place = CITIES[index % CITIES.length];
    const { value } = createCustomer(shop, {
      firstName,
      lastName,
      email: `${firstName}.${lastName}.${index + 1}@example.com`.toLowerCase(),
      addresses: [{ address1: `${100 + index} Main St`, ...place, country: "United States", countryCodeV2: "US" }],
    });
    customerIds.push(value.id);
  }
  return { shop, locationIds, variantIds, customerIds };
}

/** One plausible order: a customer buys one to three items from one location. */
export function placeRandomOrder(seeded: SeededShop, random: () => number) {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const lineCount = 1 + Math.floor(random() * 3);
  const variants = new Set<string>();
  while (variants.size < lineCount) variants.add(pick(seeded.variantIds));
  return createOrder(seeded.shop, {
    customerId: pick(seeded.customerIds),
    locationId: pick(seeded.locationIds),
    lines: [...variants].map((variantId) => ({ variantId, quantity: 1 + Math.floor(random() * 2) })),
  });
}
