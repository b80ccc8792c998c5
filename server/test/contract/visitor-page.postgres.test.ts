import { openTestPostgres, skipWithoutPostgres } from "./contract-database";
import { visitorPageContract } from "./visitor-page-contract";

visitorPageContract("PostgreSQL server", openTestPostgres, await skipWithoutPostgres());
