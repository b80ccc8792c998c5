import { openMemoryPglite } from "./contract-database";
import { inboxContract } from "./inbox-contract";

inboxContract("PGlite (embedded, in memory)", openMemoryPglite);
