import { openTestPostgres, skipWithoutPostgres } from "./contract-database";
import { outboxContract } from "./outbox-contract";

outboxContract("PostgreSQL server", openTestPostgres, await skipWithoutPostgres());
