import { openTestPostgres, skipWithoutPostgres } from "./contract-database";
import { inboxContract } from "./inbox-contract";

inboxContract("PostgreSQL server", openTestPostgres, await skipWithoutPostgres());
