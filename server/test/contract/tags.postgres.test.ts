import { openTestPostgres, skipWithoutPostgres } from "./contract-database";
import { tagsContract } from "./tags-contract";

tagsContract("PostgreSQL server", openTestPostgres, await skipWithoutPostgres());
