import { describe, expect, it } from "vitest";
import {
  checkNoticeTemplate,
  checkNoticeWording,
  defaultNoticeTemplate,
  findDownplayingWording,
  JURISDICTIONS,
  NOTICE_ELEMENTS,
  NOTICE_PLACEHOLDERS,
} from "./notice-template";

describe("the default notice templates", () => {
  it.each(JURISDICTIONS)("pass the %s check unedited", (jurisdiction) => {
    const template = defaultNoticeTemplate(jurisdiction);
    expect(checkNoticeTemplate(jurisdiction, template.subject, template.body)).toEqual({ ok: true });
  });

  it("are what a recall without its own text uses", () => {
    expect(checkNoticeTemplate("eu_gpsr", null, null)).toEqual({ ok: true });
  });

  it("start the EU notice's subject and body with the heading 'Product safety recall'", () => {
    const template = defaultNoticeTemplate("eu_gpsr");
    expect(template.subject.startsWith("Product safety recall")).toBe(true);
    expect(template.body.startsWith("Product safety recall")).toBe(true);
  });
});

const cases = JURISDICTIONS.flatMap((jurisdiction) =>
  NOTICE_ELEMENTS[jurisdiction].required.map((name) => [jurisdiction, name] as const),
);

describe("a template that lost a required element", () => {
  it.each(cases)("is refused for %s when {{%s}} is removed, naming the element", (jurisdiction, name) => {
    const template = defaultNoticeTemplate(jurisdiction);
    const body = template.body.replaceAll(`{{${name}}}`, "");
    const result = checkNoticeTemplate(jurisdiction, template.subject, body);
    expect(result).toEqual({
      ok: false,
      fields: { noticeBody: `The notice must keep {{${name}}} (${NOTICE_PLACEHOLDERS[name]}).` },
    });
  });

  it("requires the EU essentials: product, batches, risk, what to do, remedy, contact and the link", () => {
    expect(NOTICE_ELEMENTS.eu_gpsr.required).toEqual(
      expect.arrayContaining([
        "product_identification",
        "lot_codes",
        "hazard",
        "what_to_do",
        "remedy",
        "contact",
        "acknowledge_link",
      ]),
    );
    expect(NOTICE_ELEMENTS.us_fda_food.required).toContain("remedy");
    expect(NOTICE_ELEMENTS.us_cpsc.required).toContain("lot_codes");
    expect(NOTICE_ELEMENTS.generic.required).not.toContain("remedy");
  });

  it("is refused for the EU when the body no longer starts with 'Product safety recall'", () => {
    const template = defaultNoticeTemplate("eu_gpsr");
    const result = checkNoticeTemplate("eu_gpsr", template.subject, `Hello!\n\n${template.body}`);
    expect(result).toEqual({
      ok: false,
      fields: { noticeBody: 'The body must start with "Product safety recall".' },
    });
  });

  it("is refused for the EU when the subject no longer starts with 'Product safety recall'", () => {
    const template = defaultNoticeTemplate("eu_gpsr");
    const result = checkNoticeTemplate("eu_gpsr", "Important news about your soap", template.body);
    expect(result).toEqual({
      ok: false,
      fields: { noticeSubject: 'The subject must start with "Product safety recall".' },
    });
  });

  it("keeps the merchant's own words around the placeholders", () => {
    const body = `Product safety recall\n\nWe are sorry, {{customer_name}}.\n\n{{product_identification}} {{lot_codes}} {{hazard}}\n{{what_to_do}}\n{{remedy}}\n{{contact}}\n{{acknowledge_link}}`;
    expect(checkNoticeTemplate("eu_gpsr", "Product safety recall: our soap", body)).toEqual({ ok: true });
  });

  it("needs no heading outside the EU", () => {
    const template = defaultNoticeTemplate("us_cpsc");
    expect(checkNoticeTemplate("us_cpsc", "Recall of our lamp", `Hi {{customer_name}}\n\n${template.body}`)).toEqual({
      ok: true,
    });
  });
});

describe("placeholders Lotline does not know", () => {
  it("are refused with the misspelt name, so a typo never reaches a customer", () => {
    const template = defaultNoticeTemplate("generic");
    const result = checkNoticeTemplate("generic", template.subject, `${template.body}\n{{hazzard}}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.noticeBody).toMatch(/^\{\{hazzard\}\} is not a placeholder Lotline knows/);
  });

  it("are refused in the subject too", () => {
    const template = defaultNoticeTemplate("generic");
    const result = checkNoticeTemplate("generic", "Recall of {{product}}", template.body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.noticeSubject).toMatch(/^\{\{product\}\} is not a placeholder/);
  });

  it("include placeholders with unmatched braces", () => {
    const template = defaultNoticeTemplate("generic");
    const result = checkNoticeTemplate("generic", template.subject, `${template.body}\n{{remedy}`);
    expect(result).toEqual({
      ok: false,
      fields: { noticeBody: "The body has a placeholder with unmatched braces; write placeholders as {{hazard}}." },
    });
  });
});

describe("wording that downplays the risk", () => {
  const template = defaultNoticeTemplate("eu_gpsr");
  it.each([
    ["We are voluntarily recalling our soap.", "voluntarily"],
    ["This is a voluntary recall.", "voluntary"],
    ["This precautionary measure", "precautionary"],
    ["As a precaution we ask you", "as a precaution"],
    ["at our discretionary choice", "discretionary"],
    ["In rare cases the soap may irritate skin.", "in rare cases"],
    ["in rare  situations", "in rare situations"],
    ["There are no reported injuries.", "no reported injuries"],
    ["There have been no reported incidents so far.", "no reported incidents"],
  ])("is refused in an EU notice: %s", (sentence, phrase) => {
    const result = checkNoticeTemplate("eu_gpsr", template.subject, `${template.body}\n\n${sentence}`);
    expect(result).toEqual({
      ok: false,
      fields: {
        noticeBody: `Remove "${phrase}": an EU recall notice must not use wording that makes the risk sound smaller.`,
      },
    });
  });

  it("is refused in the EU subject", () => {
    const result = checkNoticeTemplate("eu_gpsr", "Product safety recall (voluntary)", template.body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.noticeSubject).toContain('"voluntary"');
  });

  it("is allowed where no regulator forbids it", () => {
    const generic = defaultNoticeTemplate("generic");
    expect(checkNoticeTemplate("generic", generic.subject, `${generic.body}\n\nThis is a voluntary recall.`)).toEqual({
      ok: true,
    });
  });

  it("is refused in the merchant's description of the risk for the EU, and only there", () => {
    expect(
      checkNoticeWording("eu_gpsr", { hazard: "In rare cases the wick may flare.", reason: "Supplier error." }),
    ).toEqual({
      ok: false,
      fields: {
        hazard: 'Remove "in rare cases": an EU recall notice must not use wording that makes the risk sound smaller.',
      },
    });
    expect(checkNoticeWording("us_cpsc", { hazard: "In rare cases the wick may flare." })).toEqual({ ok: true });
    expect(checkNoticeWording("eu_gpsr", { hazard: "The wick can flare and burn you.", reason: null })).toEqual({
      ok: true,
    });
  });

  it("is found only as whole words", () => {
    expect(findDownplayingWording("Involuntary reactions can occur.")).toBeNull();
    expect(findDownplayingWording("The batch may cause burns.")).toBeNull();
  });
});

describe("the subject", () => {
  it("must not be empty", () => {
    const template = defaultNoticeTemplate("generic");
    expect(checkNoticeTemplate("generic", "  ", template.body)).toEqual({
      ok: false,
      fields: { noticeSubject: "The notice needs a subject." },
    });
  });
});
