import { openMemoryPglite } from "./contract-database";
import { visitorPageContract } from "./visitor-page-contract";

visitorPageContract("PGlite (embedded, in memory)", openMemoryPglite);
