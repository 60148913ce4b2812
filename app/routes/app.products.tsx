// Products: per product Lotline holds lots of, a minimum shelf life that overrides the shop's
// (empty = the shop's, shown) and whether units get serial numbers at fulfilment. Each row saves
// on its own; a bad value is named on its field and nothing is saved.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  InlineGrid,
  Layout,
  Link,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { listProductRules, type ProductRuleView, updateProductRule } from "../catalog/product-rules.server";
import { db } from "../db.server";
import { errorResponse, throwAsResponse } from "../utils/responses.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  try {
    return json(await listProductRules(db(), shop.id));
  } catch (error) {
    throwAsResponse(error);
  }
};

const postedRule = z.object({
  productId: z.string().startsWith("gid://shopify/Product/").max(100),
  minShelfLifeDays: z.string().max(20),
  serialTracked: z.enum(["true", "false"]),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await authenticateAdmin(request);
  const parsed = await request
    .formData()
    .then((form) => postedRule.safeParse(Object.fromEntries(form)))
    .catch(() => null);
  if (!parsed?.success) {
    return json(
      {
        saved: false,
        productId: null,
        message: "The form could not be read. Reload the page and try again.",
        fields: {},
      },
      { status: 400 },
    );
  }
  const { productId } = parsed.data;
  const days = parsed.data.minShelfLifeDays.trim();
  try {
    const result = await updateProductRule(db(), {
      shopId: shop.id,
      productId,
      // Empty means "the shop's minimum"; a word becomes NaN and is refused with its field named.
      minShelfLifeDays: days === "" ? null : /^\d+$/.test(days) ? Number(days) : Number.NaN,
      serialTracked: parsed.data.serialTracked === "true",
      actor,
    });
    return json({
      saved: true,
      productId,
      message: result.changed
        ? `Rules for ${result.productTitle} saved.`
        : `Nothing changed for ${result.productTitle}.`,
      fields: {} as Record<string, string>,
    });
  } catch (error) {
    return errorResponse(error, { saved: false, productId });
  }
};

export default function ProductsPage() {
  const { products, shopMinShelfLifeDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();

  return (
    <Page
      title="Products"
      subtitle="Per product: how much shelf life a shipped unit must have left, and whether units get serial numbers."
    >
      <Layout>
        {actionData && !actionData.productId ? (
          <Layout.Section>
            <Banner tone="critical">{actionData.message}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          {products.length === 0 ? (
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  No products with lots yet
                </Text>
                <Text as="p" tone="subdued">
                  A product appears here once you receive stock of it into a lot. Until then it follows your shop's
                  rules in <Link url="/app/settings">Settings</Link>.
                </Text>
              </BlockStack>
            </Card>
          ) : (
            <Card>
              <BlockStack gap="400">
                {products.map((product) => (
                  <ProductRuleRow
                    key={product.productId}
                    product={product}
                    shopMinShelfLifeDays={shopMinShelfLifeDays}
                    result={actionData?.productId === product.productId ? actionData : null}
                  />
                ))}
              </BlockStack>
            </Card>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function ProductRuleRow(props: {
  product: ProductRuleView;
  shopMinShelfLifeDays: number;
  result: { saved: boolean; message: string; fields: Record<string, string> } | null;
}) {
  const { product } = props;
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formData?.get("productId") === product.productId;
  const [days, setDays] = useState(product.minShelfLifeDays === null ? "" : String(product.minShelfLifeDays));
  const [serialTracked, setSerialTracked] = useState(product.serialTracked);
  const [error, setError] = useState<string | undefined>(props.result?.fields.minShelfLifeDays);
  useEffect(() => setError(props.result?.fields.minShelfLifeDays), [props.result]);
  const fieldId = `min-shelf-life-${product.productId.split("/").pop()}`;

  return (
    <Form method="post">
      <input type="hidden" name="productId" value={product.productId} />
      <input type="hidden" name="serialTracked" value={String(serialTracked)} />
      <BlockStack gap="200">
        {props.result ? (
          <Banner tone={props.result.saved ? "success" : "critical"}>{props.result.message}</Banner>
        ) : null}
        <InlineGrid columns={{ xs: 1, md: ["twoThirds", "oneThird"] }} gap="400" alignItems="start">
          <BlockStack gap="100">
            <Text as="h2" variant="headingSm">
              {product.productTitle}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {product.lotCount} {product.lotCount === 1 ? "lot" : "lots"}
            </Text>
            <Checkbox
              label="Serial numbers at fulfilment"
              helpText="Each shipped unit is tied to its serial number; you can scan them on the order page."
              checked={serialTracked}
              onChange={setSerialTracked}
            />
          </BlockStack>
          <BlockStack gap="200">
            <TextField
              id={fieldId}
              label="Minimum shelf life left (days)"
              name="minShelfLifeDays"
              type="number"
              min={0}
              autoComplete="off"
              value={days}
              placeholder={String(props.shopMinShelfLifeDays)}
              onChange={(value) => {
                setDays(value);
                setError(undefined);
              }}
              error={error}
              helpText={`Empty: your shop's minimum, ${props.shopMinShelfLifeDays} ${props.shopMinShelfLifeDays === 1 ? "day" : "days"}.`}
            />
            <Button submit loading={saving} accessibilityLabel={`Save rules for ${product.productTitle}`}>
              Save
            </Button>
          </BlockStack>
        </InlineGrid>
      </BlockStack>
    </Form>
  );
}
