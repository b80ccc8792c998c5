import { openMemoryPglite } from "./contract-database";
import { earlyAccessContract } from "./early-access-contract";

earlyAccessContract("PGlite (embedded, in memory)", openMemoryPglite);
