import { openPostgres } from "../../src/db/client";
import { createTestDatabase, havePostgres } from "../support/services";
import { accountsContract } from "./accounts-contract";

accountsContract(
  "PostgreSQL server",
  async () => {
    const { url, drop } = await createTestDatabase();
    const database = await openPostgres({ url });
    return Object.assign(database, { cleanup: drop });
  },
  { skip: !(await havePostgres()) },
);
