import { openMemoryPglite } from "./contract-database";
import { domainContract } from "./domain-contract";

domainContract("PGlite (embedded, in memory)", openMemoryPglite);
