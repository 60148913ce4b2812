// Settings: the shop's code templates (with a live preview of the next codes), `{LOCATION}`
// codes, expiry rules, and how recall notices go out (a card with its own form). Saved values are
// checked on the server; a bad value is named on its field.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { authenticateAdmin } from "../auth.server";
import { db } from "../db.server";
import { parseCodeTemplate, previewCodes, type TemplateKind } from "../domain/lot-code-template";
import { retrieveRecallSettings, updateRecallSettings } from "../recalls/recall-settings.server";
import {
  locationCodeField,
  RECALL_SETTINGS_INTENT,
  recallSettingsFromForm,
  settingsFromForm,
} from "../settings/settings-form";
import { loadSettingsPage } from "../settings/settings-page.server";
import { updateShopSettings } from "../settings/shop-settings.server";
import { errorResponse, throwAsResponse } from "../utils/responses.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, shop } = await authenticateAdmin(request);
  try {
    const [page, recallSettings] = await Promise.all([
      loadSettingsPage(db(), { shopId: shop.id, graphql: admin.graphql }),
      retrieveRecallSettings(db(), shop.id),
    ]);
    return json({ ...page, recallSettings });
  } catch (error) {
    throwAsResponse(error);
  }
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await authenticateAdmin(request);
  const formData = await request.formData().catch(() => null);
  if (formData?.get("intent") === RECALL_SETTINGS_INTENT) {
    const recallInput = recallSettingsFromForm(formData.entries());
    if (!recallInput) {
      return json(
        { saved: false, message: "The form could not be read. Reload the page and try again.", fields: {} },
        { status: 400 },
      );
    }
    try {
      await updateRecallSettings(db(), shop.id, recallInput, actor);
      return json({ saved: true, message: "Recall notice settings saved.", fields: {} as Record<string, string> });
    } catch (error) {
      return errorResponse(error, { saved: false });
    }
  }
  const input = formData ? settingsFromForm(formData.entries()) : null;
  if (!input) {
    return json(
      { saved: false, message: "The form could not be read. Reload the page and try again.", fields: {} },
      {
        status: 400,
      },
    );
  }
  try {
    await updateShopSettings(db(), shop.id, input, actor);
    return json({ saved: true, message: "Settings saved.", fields: {} as Record<string, string> });
  } catch (error) {
    return errorResponse(error, { saved: false });
  }
};

const SAMPLE = { productTitle: "Lavender Soap", sku: "LAV-100", supplierLotCode: "ML2231" };

export default function SettingsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting";
  const { settings, locations, today, recallSettings } = data;

  const [lotTemplate, setLotTemplate] = useState(settings.lotTemplate);
  const [serialTemplate, setSerialTemplate] = useState(settings.serialTemplate);
  const [requireGs1, setRequireGs1] = useState(settings.requireGs1);
  const [quarantineExpired, setQuarantineExpired] = useState(settings.quarantineExpired);
  const [warningDays, setWarningDays] = useState(settings.expiryWarningDays.join(", "));
  const [orderTagPrefix, setOrderTagPrefix] = useState(settings.orderTagPrefix);
  const [minShelfLifeDays, setMinShelfLifeDays] = useState(String(settings.minShelfLifeDays));
  const [returnsToQuarantine, setReturnsToQuarantine] = useState(settings.returnsToQuarantine);
  const [locationCodes, setLocationCodes] = useState<Record<string, string>>(settings.locationCodes);
  const [errors, setErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    setErrors(actionData?.fields ?? {});
  }, [actionData]);

  const sampleLocation = locations[0];
  const context = {
    ...SAMPLE,
    locationCode: (sampleLocation && (locationCodes[sampleLocation.id] || sampleLocation.defaultCode)) || "WKS",
    date: today,
  };
  // Parsing a template is cheap: the preview follows every keystroke without memoising.
  const lotPreview = preview(lotTemplate, "lot", requireGs1, context);
  const serialPreview = preview(serialTemplate, "serial", requireGs1, context);

  const clear = (name: string) =>
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key !== name)));

  return (
    <Page title="Settings">
      <Form method="post">
        <input type="hidden" name="requireGs1" value={String(requireGs1)} />
        <input type="hidden" name="quarantineExpired" value={String(quarantineExpired)} />
        <input type="hidden" name="returnsToQuarantine" value={String(returnsToQuarantine)} />
        <Layout>
          {actionData?.message ? (
            <Layout.Section>
              <Banner tone={actionData.saved ? "success" : "critical"}>{actionData.message}</Banner>
            </Layout.Section>
          ) : null}
          <Layout.AnnotatedSection
            title="Batch code templates"
            description="Tokens: {SKU}, {PRODUCT}, {LOCATION}, {YYYY}, {YY}, {MM}, {DD}, {JJJ}, {SEQ:n}, {SUPPLIER_LOT}."
          >
            <Card>
              <FormLayout>
                <TextField
                  label="Lot code template"
                  name="lotTemplate"
                  value={lotTemplate}
                  onChange={(value) => {
                    setLotTemplate(value);
                    clear("lotTemplate");
                  }}
                  error={errors.lotTemplate ?? lotPreview.error ?? undefined}
                  helpText={lotPreview.codes.length ? `Next codes: ${lotPreview.codes.join(", ")}` : undefined}
                  autoComplete="off"
                  monospaced
                />
                <TextField
                  label="Serial number template"
                  name="serialTemplate"
                  value={serialTemplate}
                  onChange={(value) => {
                    setSerialTemplate(value);
                    clear("serialTemplate");
                  }}
                  error={errors.serialTemplate ?? serialPreview.error ?? undefined}
                  helpText={serialPreview.codes.length ? `Next serials: ${serialPreview.codes.join(", ")}` : undefined}
                  autoComplete="off"
                  monospaced
                />
                <Text as="p" tone="subdued">
                  Preview for {SAMPLE.productTitle} (SKU {SAMPLE.sku}, supplier lot {SAMPLE.supplierLotCode}) received
                  today at {sampleLocation?.name ?? "your first location"}.
                </Text>
                <Checkbox
                  label="Codes must fit GS1 barcodes"
                  helpText="At most 20 characters from the GS1 character set, so lot codes and serials can go into GS1-128, DataMatrix and Digital Link. Turned off, codes may have up to 64 printable characters."
                  checked={requireGs1}
                  onChange={setRequireGs1}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            title="Location codes"
            description="What {LOCATION} becomes for each location. Left empty, the initials of the location's name."
          >
            <Card>
              <FormLayout>
                {locations.map((location) => {
                  const field = locationCodeField(location.id);
                  return (
                    <TextField
                      key={location.id}
                      label={location.name}
                      name={field}
                      value={locationCodes[location.id] ?? ""}
                      placeholder={location.defaultCode}
                      onChange={(value) => {
                        setLocationCodes((current) => ({ ...current, [location.id]: value }));
                        clear(field);
                      }}
                      error={errors[field]}
                      autoComplete="off"
                    />
                  );
                })}
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            title="Expiry"
            description="Lots past their expiry date are marked expired within an hour after midnight in your shop's time zone."
          >
            <Card>
              <FormLayout>
                <Checkbox
                  label="Quarantine expired lots in Shopify"
                  helpText="Moves an expired lot's available stock to Quality control, so it can no longer sell. You can move it back in Shopify."
                  checked={quarantineExpired}
                  onChange={setQuarantineExpired}
                />
                <TextField
                  label="Expiry warning windows (days)"
                  name="expiryWarningDays"
                  value={warningDays}
                  onChange={(value) => {
                    setWarningDays(value);
                    clear("expiryWarningDays");
                  }}
                  error={errors.expiryWarningDays}
                  helpText="Up to three, e.g. 30, 60, 90: the home page counts lots expiring within each."
                  autoComplete="off"
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            title="Orders"
            description="Lotline allocates every order to lots, earliest expiry first, and tags the order with the lot codes."
          >
            <Card>
              <FormLayout>
                <TextField
                  label="Order tag prefix"
                  name="orderTagPrefix"
                  value={orderTagPrefix}
                  onChange={(value) => {
                    setOrderTagPrefix(value);
                    clear("orderTagPrefix");
                  }}
                  error={errors.orderTagPrefix}
                  helpText={`Orders get tags like ${orderTagPrefix || "lot:"}${SAMPLE_LOT_CODE}.`}
                  autoComplete="off"
                  monospaced
                />
                <TextField
                  label="Minimum shelf life left when shipping (days)"
                  name="minShelfLifeDays"
                  type="number"
                  min={0}
                  value={minShelfLifeDays}
                  onChange={(value) => {
                    setMinShelfLifeDays(value);
                    clear("minShelfLifeDays");
                  }}
                  error={errors.minShelfLifeDays}
                  helpText="Lots expiring sooner than this are never allocated. 0 allows any unexpired lot. Products can set their own."
                  autoComplete="off"
                />
                <Checkbox
                  label="Quarantine returned units"
                  helpText="Returned units go to Quality control in Shopify instead of back on sale, until you release them."
                  checked={returnsToQuarantine}
                  onChange={setReturnsToQuarantine}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.Section>
            <BlockStack inlineAlign="end">
              <Button submit variant="primary" loading={saving}>
                Save
              </Button>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
      <RecallNoticesForm settings={recallSettings} errors={errors} saving={saving} />
    </Page>
  );
}

const SAMPLE_LOT_CODE = "SOAP-2611-001";

/** The "Recall notices" card: its own form (intent recallSettings), saved and audited on its own. */
function RecallNoticesForm({
  settings,
  errors,
  saving,
}: {
  settings: {
    sendRatePerSecond: number;
    reminderAfterDays: number;
    maxReminders: number;
    logoUrl: string | null;
    replyTo: string | null;
  };
  errors: Record<string, string>;
  saving: boolean;
}) {
  const [sendRate, setSendRate] = useState(String(settings.sendRatePerSecond));
  const [reminderAfterDays, setReminderAfterDays] = useState(String(settings.reminderAfterDays));
  const [maxReminders, setMaxReminders] = useState(String(settings.maxReminders));
  const [logoUrl, setLogoUrl] = useState(settings.logoUrl ?? "");
  const [replyTo, setReplyTo] = useState(settings.replyTo ?? "");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={RECALL_SETTINGS_INTENT} />
      <Layout>
        <Layout.AnnotatedSection
          title="Recall notices"
          description="How recall emails go out to your customers: how fast, who they can reply to, and when customers who have not confirmed get a reminder."
        >
          <Card>
            <FormLayout>
              <TextField
                label="Notices per second"
                name="sendRatePerSecond"
                type="number"
                min={1}
                value={sendRate}
                onChange={setSendRate}
                error={errors.sendRatePerSecond}
                helpText="Your mail provider's sending limit. Lotline never sends faster, however many workers run."
                autoComplete="off"
              />
              <FormLayout.Group>
                <TextField
                  label="Remind after (days)"
                  name="reminderAfterDays"
                  type="number"
                  min={1}
                  value={reminderAfterDays}
                  onChange={setReminderAfterDays}
                  error={errors.reminderAfterDays}
                  autoComplete="off"
                />
                <TextField
                  label="Reminders at most"
                  name="maxReminders"
                  type="number"
                  min={0}
                  value={maxReminders}
                  onChange={setMaxReminders}
                  error={errors.maxReminders}
                  helpText="0 sends no reminders."
                  autoComplete="off"
                />
              </FormLayout.Group>
              <TextField
                label="Reply-to address"
                name="replyTo"
                type="email"
                value={replyTo}
                onChange={setReplyTo}
                error={errors.replyTo}
                helpText="Where customers' replies go. Empty: the recall's contact email."
                autoComplete="email"
              />
              <TextField
                label="Logo URL"
                name="logoUrl"
                value={logoUrl}
                onChange={setLogoUrl}
                error={errors.logoUrl}
                helpText="An https:// image shown at the top of each notice."
                autoComplete="off"
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.Section>
          <BlockStack inlineAlign="end">
            <Button submit loading={saving}>
              Save recall notice settings
            </Button>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Form>
  );
}

function preview(
  source: string,
  kind: TemplateKind,
  requireGs1: boolean,
  context: Parameters<typeof previewCodes>[1],
): { codes: string[]; error: string | null } {
  const parsed = parseCodeTemplate(source.trim(), { kind, requireGs1 });
  if (!parsed.ok) return { codes: [], error: parsed.error };
  return { codes: previewCodes(parsed.template, context, 3), error: null };
}
