// The recall draft form: what is recalled (lots found by code or product, or a serial range of
// one product), why and what customers must do, and the notice text around the elements the
// chosen jurisdiction requires. Field errors come from the domain's check (422 fields).
import { Form, useFetcher } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  ChoiceList,
  FormLayout,
  InlineError,
  InlineStack,
  Select,
  Tag,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { checkNoticeTemplate, type Jurisdiction } from "../../recalls/notice-template";
import { CUSTOMER_ACTION_LABEL, JURISDICTION_LABEL, REMEDY_LABEL } from "./recall-format";

export interface LotChoice {
  id: string;
  code: string;
  productTitle: string;
  sku: string | null;
  expiresAt: string | null;
  status: string;
  onHand: number;
}

export interface DraftValues {
  title: string;
  jurisdiction: Jurisdiction;
  severity: string;
  reason: string;
  hazard: string;
  customerActions: string[];
  remedies: string[];
  contactEmail: string;
  contactPhone: string;
  contactUrl: string;
  lots: LotChoice[];
  serialProductId: string;
  serialFrom: string;
  serialTo: string;
  noticeSubject: string;
  noticeBody: string;
  expiresAt: string;
}

export type NoticeTemplates = Record<
  Jurisdiction,
  { subject: string; body: string; heading: string | null; required: { name: string; meaning: string }[] }
>;

const LOT_SEARCH_URL = "/app/recalls/new";
const SEARCH_DELAY_MS = 250;

export function RecallForm(props: {
  values: DraftValues;
  fields: Record<string, string>;
  message: string | null;
  templates: NoticeTemplates;
  serialProducts: { value: string; label: string }[];
  submitting: boolean;
  submitLabel: string;
}) {
  const { values, fields, templates } = props;
  const [title, setTitle] = useState(values.title);
  const [severity, setSeverity] = useState(values.severity);
  const [reason, setReason] = useState(values.reason);
  const [hazard, setHazard] = useState(values.hazard);
  const [customerActions, setCustomerActions] = useState(values.customerActions);
  const [remedies, setRemedies] = useState(values.remedies);
  const [contactEmail, setContactEmail] = useState(values.contactEmail);
  const [contactPhone, setContactPhone] = useState(values.contactPhone);
  const [contactUrl, setContactUrl] = useState(values.contactUrl);
  const [expiresAt, setExpiresAt] = useState(values.expiresAt);
  const [mode, setMode] = useState<"lots" | "serials">(values.serialProductId ? "serials" : "lots");
  const [lots, setLots] = useState(values.lots);
  const [serialProductId, setSerialProductId] = useState(
    values.serialProductId || props.serialProducts[0]?.value || "",
  );
  const [serialFrom, setSerialFrom] = useState(values.serialFrom);
  const [serialTo, setSerialTo] = useState(values.serialTo);

  return (
    <Form method="post">
      <input type="hidden" name="intent" value="save" />
      <BlockStack gap="400">
        {props.message ? <Banner tone="critical">{props.message}</Banner> : null}
        <Card>
          <BlockStack gap="400">
            <Text as="h2" variant="headingMd">
              What is recalled
            </Text>
            <ChoiceList
              title="Recall"
              titleHidden
              choices={[
                { label: "Whole lots", value: "lots" },
                { label: "A serial number range of one product", value: "serials" },
              ]}
              selected={[mode]}
              onChange={([next]) => setMode(next === "serials" ? "serials" : "lots")}
            />
            {mode === "lots" ? (
              <LotPicker lots={lots} onChange={setLots} error={fields.lotIds} />
            ) : (
              <FormLayout>
                {fields.lotIds ? <InlineError message={fields.lotIds} fieldID="lotIds" /> : null}
                <Select
                  label="Product"
                  name="serialProductId"
                  options={
                    props.serialProducts.length
                      ? props.serialProducts
                      : [{ label: "No product has serial numbers yet", value: "" }]
                  }
                  value={serialProductId}
                  onChange={setSerialProductId}
                  error={fields.serialProductId}
                />
                <FormLayout.Group>
                  <TextField
                    label="First serial number"
                    name="serialFrom"
                    value={serialFrom}
                    onChange={setSerialFrom}
                    error={fields.serialFrom}
                    autoComplete="off"
                  />
                  <TextField
                    label="Last serial number"
                    name="serialTo"
                    value={serialTo}
                    onChange={setSerialTo}
                    error={fields.serialTo}
                    autoComplete="off"
                  />
                </FormLayout.Group>
              </FormLayout>
            )}
          </BlockStack>
        </Card>
        <Card>
          <FormLayout>
            <TextField
              label="Title"
              name="title"
              value={title}
              onChange={setTitle}
              error={fields.title}
              autoComplete="off"
              helpText="Shown to customers, e.g. “Lavender soap bars: possible contamination”."
            />
            <Select
              label="Severity"
              name="severity"
              options={[
                { label: "High", value: "high" },
                { label: "Medium", value: "medium" },
                { label: "Low", value: "low" },
              ]}
              value={severity}
              onChange={setSeverity}
              error={fields.severity}
            />
            <TextField
              label="Reason"
              name="reason"
              value={reason}
              onChange={setReason}
              error={fields.reason}
              multiline={3}
              autoComplete="off"
              helpText="What went wrong with the product."
            />
            <TextField
              label="Hazard"
              name="hazard"
              value={hazard}
              onChange={setHazard}
              error={fields.hazard}
              multiline={3}
              autoComplete="off"
              helpText="The risk to the customer, in plain words."
            />
            <FormLayout.Group>
              <ChoiceList
                title="What customers must do"
                allowMultiple
                choices={Object.entries(CUSTOMER_ACTION_LABEL).map(([value, label]) => ({ value, label }))}
                selected={customerActions}
                onChange={setCustomerActions}
                error={fields.customerActions}
              />
              <ChoiceList
                title="What you offer"
                allowMultiple
                choices={Object.entries(REMEDY_LABEL).map(([value, label]) => ({ value, label }))}
                selected={remedies}
                onChange={setRemedies}
                error={fields.remedies}
              />
            </FormLayout.Group>
            {customerActions.map((value) => (
              <input key={value} type="hidden" name="customerActions" value={value} />
            ))}
            {remedies.map((value) => (
              <input key={value} type="hidden" name="remedies" value={value} />
            ))}
            <FormLayout.Group>
              <TextField
                label="Contact email"
                name="contactEmail"
                type="email"
                value={contactEmail}
                onChange={setContactEmail}
                error={fields.contactEmail}
                autoComplete="off"
              />
              <TextField
                label="Contact phone"
                name="contactPhone"
                value={contactPhone}
                onChange={setContactPhone}
                error={fields.contactPhone}
                autoComplete="off"
              />
              <TextField
                label="Contact web page"
                name="contactUrl"
                value={contactUrl}
                onChange={setContactUrl}
                error={fields.contactUrl}
                autoComplete="off"
              />
            </FormLayout.Group>
            <TextField
              label="Acknowledgement links work until"
              name="expiresAt"
              type="date"
              value={expiresAt}
              onChange={setExpiresAt}
              error={fields.expiresAt}
              autoComplete="off"
              helpText="Empty: one year after the recall is sent."
            />
          </FormLayout>
        </Card>
        <NoticeEditor values={values} fields={fields} templates={templates} />
        {fields.form ? <Banner tone="critical">{fields.form}</Banner> : null}
        <InlineStack align="end">
          <Button submit variant="primary" loading={props.submitting}>
            {props.submitLabel}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

/** Lots found as the merchant types; the chosen ones are the form's lotIds. */
function LotPicker(props: { lots: LotChoice[]; onChange: (lots: LotChoice[]) => void; error?: string }) {
  const search = useFetcher<{ lotChoices: LotChoice[] }>();
  const [query, setQuery] = useState("");
  const load = search.load;
  useEffect(() => {
    const timer = setTimeout(() => load(`${LOT_SEARCH_URL}?lotSearch=${encodeURIComponent(query)}`), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, load]);
  const chosen = new Set(props.lots.map((lot) => lot.id));
  const found = (search.data?.lotChoices ?? []).filter((lot) => !chosen.has(lot.id));

  return (
    <BlockStack gap="300">
      {props.lots.map((lot) => (
        <input key={lot.id} type="hidden" name="lotIds" value={lot.id} />
      ))}
      <InlineStack gap="200">
        {props.lots.length === 0 ? (
          <Text as="p" tone="subdued">
            No lot chosen yet.
          </Text>
        ) : (
          props.lots.map((lot) => (
            <Tag key={lot.id} onRemove={() => props.onChange(props.lots.filter((each) => each.id !== lot.id))}>
              {`${lot.code} · ${lot.productTitle}`}
            </Tag>
          ))
        )}
      </InlineStack>
      <TextField
        label="Find lots by code, supplier lot, SKU or product"
        value={query}
        onChange={setQuery}
        autoComplete="off"
        error={props.error}
        clearButton
        onClearButtonClick={() => setQuery("")}
      />
      <BlockStack gap="100">
        {found.map((lot) => (
          <InlineStack key={lot.id} gap="300" blockAlign="center" wrap={false}>
            <Button
              size="slim"
              onClick={() => props.onChange([...props.lots, lot])}
              accessibilityLabel={`Add ${lot.code}`}
            >
              Add
            </Button>
            <Text as="span" fontWeight="semibold">
              {lot.code}
            </Text>
            <Text as="span">{lot.productTitle}</Text>
            <Text as="span" tone="subdued">
              {[lot.sku, lot.expiresAt ? `expires ${lot.expiresAt}` : null, `${lot.onHand} on hand`, lot.status]
                .filter(Boolean)
                .join(" · ")}
            </Text>
          </InlineStack>
        ))}
        {search.data && found.length === 0 ? (
          <Text as="p" tone="subdued">
            {query ? `No other lot matches “${query}”.` : "No other lots."}
          </Text>
        ) : null}
      </BlockStack>
    </BlockStack>
  );
}

/**
 * The notice text. The jurisdiction decides the default text and the elements that must stay; the
 * editor names a removed one as the merchant types (the server checks again on save).
 */
function NoticeEditor(props: { values: DraftValues; fields: Record<string, string>; templates: NoticeTemplates }) {
  const { templates } = props;
  const [jurisdiction, setJurisdiction] = useState<Jurisdiction>(props.values.jurisdiction);
  const initial = templates[props.values.jurisdiction];
  const [subject, setSubject] = useState(props.values.noticeSubject || initial.subject);
  const [body, setBody] = useState(props.values.noticeBody || initial.body);
  const live = useMemo(() => checkNoticeTemplate(jurisdiction, subject, body), [jurisdiction, subject, body]);
  const liveFields = live.ok ? {} : live.fields;
  const template = templates[jurisdiction];

  const chooseJurisdiction = (next: string) => {
    const previous = templates[jurisdiction];
    const chosen = next as Jurisdiction;
    // Untouched text follows the template; the merchant's own edits are kept.
    if (subject === previous.subject) setSubject(templates[chosen].subject);
    if (body === previous.body) setBody(templates[chosen].body);
    setJurisdiction(chosen);
  };

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Notice to customers
        </Text>
        <Select
          label="Notice template"
          name="jurisdiction"
          options={Object.entries(JURISDICTION_LABEL).map(([value, label]) => ({ value, label }))}
          value={jurisdiction}
          onChange={chooseJurisdiction}
          error={props.fields.jurisdiction}
        />
        <Box>
          <Text as="p" tone="subdued">
            {template.heading ? `The subject and notice start with “${template.heading}”. ` : ""}
            Write around these elements; each must stay in the notice:
          </Text>
          <InlineStack gap="200">
            {template.required.map((element) => (
              <Tag key={element.name}>{`${element.name} — ${element.meaning}`}</Tag>
            ))}
          </InlineStack>
        </Box>
        <TextField
          label="Subject"
          name="noticeSubject"
          value={subject}
          onChange={setSubject}
          error={props.fields.noticeSubject ?? liveFields.noticeSubject}
          autoComplete="off"
        />
        <TextField
          label="Notice"
          name="noticeBody"
          value={body}
          onChange={setBody}
          error={props.fields.noticeBody ?? liveFields.noticeBody}
          multiline={12}
          autoComplete="off"
          monospaced
        />
        <InlineStack>
          <Button
            onClick={() => {
              setSubject(template.subject);
              setBody(template.body);
            }}
          >
            Use the template's text
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
