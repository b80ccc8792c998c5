import { openTestPostgres, skipWithoutPostgres } from "./contract-database";
import { accountsContract } from "./accounts-contract";

accountsContract("PostgreSQL server", openTestPostgres, await skipWithoutPostgres());
