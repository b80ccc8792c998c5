import { openMemoryPglite } from "./contract-database";
import { accountsContract } from "./accounts-contract";

accountsContract("PGlite (embedded, in memory)", openMemoryPglite);
