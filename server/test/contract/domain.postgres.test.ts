import { describe } from "vitest";
import { openPostgres } from "../../src/db/client";
import { createTestDatabase, havePostgres } from "../support/services";
import { domainContract } from "./domain-contract";

if (await havePostgres()) {
  domainContract("PostgreSQL server", async () => {
    const { url, drop } = await createTestDatabase();
    const database = await openPostgres({ url });
    return Object.assign(database, { cleanup: drop });
  });
} else {
  describe.skip("domain contract on PostgreSQL server (not reachable)", () => {});
}
