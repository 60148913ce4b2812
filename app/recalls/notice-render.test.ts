import { describe, expect, it } from "vitest";
import { type NoticeContext, renderNotice } from "./notice-render";
import { JURISDICTIONS, type Jurisdiction } from "./notice-template";

function context(overrides: Partial<NoticeContext> & { jurisdiction?: Jurisdiction } = {}): NoticeContext {
  const { jurisdiction = "eu_gpsr", ...rest } = overrides;
  return {
    shop: {
      name: "Meadow Soap Co",
      logoUrl: "https://cdn.example.com/meadow.png",
      contactEmail: "help@meadow.example",
    },
    recall: {
      number: 7,
      title: "Lavender soap batch L-204",
      jurisdiction,
      severity: "high",
      reason: "A supplier mixed up an ingredient.",
      hazard: "The soap contains an undeclared allergen that can cause severe skin reactions.",
      customerActions: ["stop_using", "return"],
      remedies: ["refund", "replacement"],
      contactEmail: "recall@meadow.example",
      contactPhone: "+44 113 496 0000",
      contactUrl: "https://meadow.example/recall",
      noticeSubject: null,
      noticeBody: null,
      sentAt: new Date("2026-11-21T10:00:00Z"),
    },
    recipient: { name: "Ada Lovelace", email: "ada@example.com" },
    orders: [
      {
        name: "#1001",
        processedAt: new Date("2026-10-02T10:00:00Z"),
        items: [
          {
            title: "Lavender Soap",
            sku: "LAV-100",
            quantity: 2,
            lots: [{ code: "L-204", expiresAt: new Date("2027-10-01T00:00:00Z"), supplierLotCode: "ML88" }],
            serials: [],
          },
        ],
      },
      {
        name: "#1017",
        processedAt: new Date("2026-10-09T10:00:00Z"),
        items: [
          {
            title: "Lavender Soap",
            sku: "LAV-100",
            quantity: 1,
            lots: [{ code: "L-204", expiresAt: new Date("2027-10-01T00:00:00Z"), supplierLotCode: "ML88" }],
            serials: ["SN-0042"],
          },
        ],
      },
    ],
    products: [{ title: "Lavender Soap", gtin: "05012345678900", lotCodes: ["L-204"] }],
    acknowledgeUrl: "https://app.lotline.example/recall/ack/abc.def",
    sequence: 0,
    ...rest,
  };
}

describe("a rendered notice", () => {
  it.each(JURISDICTIONS)(
    "carries the order numbers, lot codes, hazard, what to do, remedy, contact and the link in both parts (%s)",
    (jurisdiction) => {
      const notice = renderNotice(context({ jurisdiction }));
      for (const part of [notice.text, notice.html]) {
        expect(part).toContain("#1001");
        expect(part).toContain("#1017");
        expect(part).toContain("L-204");
        expect(part).toContain("SN-0042");
        expect(part).toContain("undeclared allergen that can cause severe skin reactions");
        expect(part).toContain("Stop using the product immediately.");
        expect(part).toContain("Return the product to us.");
        expect(part).toContain("a full refund or a free replacement");
        expect(part).toContain("recall@meadow.example");
        expect(part).toContain("+44 113 496 0000");
        expect(part).toContain("https://app.lotline.example/recall/ack/abc.def");
        expect(part).toContain("Meadow Soap Co");
        expect(part).toContain("05012345678900");
      }
    },
  );

  it("is headed 'Product safety recall' in the EU, in the subject and both parts", () => {
    const notice = renderNotice(context());
    expect(notice.subject).toBe("Product safety recall: Lavender Soap");
    expect(notice.text.startsWith("Product safety recall\n")).toBe(true);
    expect(notice.html).toMatch(/<h1[^>]*>Product safety recall<\/h1>/);
    expect(notice.text).toContain("You bought it from us in orders #1001 and #1017.");
  });

  it("shows the expiry date and supplier lot of the affected batch", () => {
    const notice = renderNotice(context());
    expect(notice.text).toContain("2027-10-01");
    expect(notice.text).toContain("supplier lot ML88");
    expect(notice.html).toContain("2027-10-01");
  });

  it("lists each affected item in a table in the HTML part", () => {
    const notice = renderNotice(context());
    const table = notice.html.slice(
      notice.html.indexOf('<table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse'),
    );
    expect(table).toContain("<th");
    expect(table).toMatch(
      /<td[^>]*>#1001<\/td><td[^>]*>Lavender Soap \(LAV-100\)<\/td><td[^>]*>2<\/td><td[^>]*>L-204<\/td>/,
    );
    expect(notice.text).toContain(
      "- Order #1017: 1 × Lavender Soap (LAV-100), batch L-204, use by 2027-10-01, serial numbers SN-0042",
    );
  });

  it("shows the shop's logo and gives the acknowledgement link as a button", () => {
    const notice = renderNotice(context());
    expect(notice.html).toContain('<img src="https://cdn.example.com/meadow.png" alt="Meadow Soap Co"');
    expect(notice.html).toMatch(
      /<a href="https:\/\/app\.lotline\.example\/recall\/ack\/abc\.def"[^>]*>Confirm you received this notice<\/a>/,
    );
  });

  it("leaves the logo out when the shop has none, and refuses a logo that is not a web address", () => {
    expect(renderNotice(context({ shop: { name: "Meadow", logoUrl: null, contactEmail: null } })).html).not.toContain(
      "<img",
    );
    expect(
      renderNotice(context({ shop: { name: "Meadow", logoUrl: "javascript:alert(1)", contactEmail: null } })).html,
    ).not.toContain("javascript:");
  });

  it("prefixes a reminder's subject with 'Reminder: '", () => {
    const notice = renderNotice(context({ sequence: 1 }));
    expect(notice.subject).toBe("Reminder: Product safety recall: Lavender Soap");
    expect(notice.text).toContain("we have not yet heard from you");
  });

  it("uses the merchant's edited text around the placeholders", () => {
    const base = context();
    const notice = renderNotice({
      ...base,
      recall: {
        ...base.recall,
        noticeSubject: "Product safety recall: {{recall_title}}",
        noticeBody:
          "Product safety recall\n\nDear {{customer_name}}, we are so sorry.\n\n{{product_identification}}\n{{lot_codes}}\n\n{{hazard}}\n\n{{what_to_do}}\n\n{{remedy}}\n\n{{contact}}\n\n{{acknowledge_link}}",
      },
    });
    expect(notice.subject).toBe("Product safety recall: Lavender soap batch L-204");
    expect(notice.text).toContain("Dear Ada Lovelace, we are so sorry.");
    expect(notice.html).toContain("Dear Ada Lovelace, we are so sorry.");
    // The table of affected items is added when the merchant's text leaves it out.
    expect(notice.html).toMatch(/<td[^>]*>#1017<\/td>/);
  });
});

describe("values from merchants and customers", () => {
  it("are escaped in the HTML part: a customer named <script> renders as text", () => {
    const base = context();
    const notice = renderNotice({
      ...base,
      recipient: { name: '<script>alert("x")</script>', email: "x@example.com" },
      shop: { ...base.shop, name: "Bits & <b>Bobs</b>" },
      recall: { ...base.recall, hazard: '<img src=x onerror="alert(1)">', noticeBody: null },
      orders: [
        {
          ...base.orders[0],
          name: "#1001<i>",
          items: [{ ...base.orders[0].items[0], title: "Soap <svg onload=alert(1)>" }],
        },
      ],
    });
    expect(notice.html).not.toContain("<script>");
    expect(notice.html).not.toContain("<img src=x");
    expect(notice.html).not.toContain("<svg");
    expect(notice.html).not.toContain("<b>Bobs");
    expect(notice.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(notice.html).toContain("Bits &amp; &lt;b&gt;Bobs&lt;/b&gt;");
    expect(notice.html).toContain("#1001&lt;i&gt;");
    // The text part is plain text: the values appear as typed.
    expect(notice.text).toContain('<script>alert("x")</script>');
  });

  it("cannot break out of the acknowledgement link's attribute", () => {
    const notice = renderNotice(context({ acknowledgeUrl: 'https://app.example/ack/"><script>x</script>' }));
    expect(notice.html).not.toContain("<script>");
    expect(notice.html).toContain('href="https://app.example/ack/%22%3E%3Cscript%3Ex%3C/script%3E"');
  });

  it("addresses a customer without a name politely", () => {
    const notice = renderNotice(context({ recipient: { name: null, email: "x@example.com" } }));
    expect(notice.text).toContain("Dear customer,");
  });
});

describe("what to do", () => {
  it("says to stop using the product when the merchant chose it", () => {
    const base = context({ jurisdiction: "us_cpsc" });
    const notice = renderNotice({ ...base, recall: { ...base.recall, customerActions: ["stop_using", "dispose"] } });
    expect(notice.text).toContain("- Stop using the product immediately.\n- Dispose of the product safely");
  });

  it("always tells an EU customer to stop using the product, as the GPSR requires", () => {
    const base = context();
    const notice = renderNotice({ ...base, recall: { ...base.recall, customerActions: ["return"] } });
    expect(notice.text).toContain("- Stop using the product immediately.\n- Return the product to us.");
    const us = context({ jurisdiction: "us_fda_food" });
    expect(renderNotice({ ...us, recall: { ...us.recall, customerActions: ["return"] } }).text).not.toContain(
      "Stop using",
    );
  });
});
