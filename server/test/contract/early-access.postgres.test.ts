import { openTestPostgres, skipWithoutPostgres } from "./contract-database";
import { earlyAccessContract } from "./early-access-contract";

earlyAccessContract("PostgreSQL server", openTestPostgres, await skipWithoutPostgres());
