import { openTestPostgres, skipWithoutPostgres } from "./contract-database";
import { domainContract } from "./domain-contract";

domainContract("PostgreSQL server", openTestPostgres, await skipWithoutPostgres());
