import { describe, expect, it } from "vitest";
import { toTsQuery } from "../../src/domain/search/search-messages";

describe("toTsQuery", () => {
  it("splits Japanese into bigrams and keeps single characters", () => {
    expect(toTsQuery("配送状況")).toBe("'配送' & '送状' & '状況'");
    expect(toTsQuery("円")).toBe("'円'");
  });

  it("matches other words as lower-cased prefixes", () => {
    expect(toTsQuery("Deliv 12")).toBe("'deliv':* & '12':*");
  });

  it("mixes both and drops punctuation, quotes and operators", () => {
    expect(toTsQuery("注文 #1234 'or' & !x")).toBe("'注文' & '1234':* & 'or':* & 'x':*");
    expect(toTsQuery("!!! ()")).toBeNull();
  });

  it("lets a word stand for its other forms", () => {
    const forms = new Map([["deliveries", ["deliveries", "deliveri", "delivery"]]]);
    expect(toTsQuery("Deliveries late", forms)).toBe("('deliveries':* | 'deliveri':* | 'delivery':*) & 'late':*");
  });
});
