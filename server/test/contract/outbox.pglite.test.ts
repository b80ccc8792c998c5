import { openMemoryPglite } from "./contract-database";
import { outboxContract } from "./outbox-contract";

outboxContract("PGlite (embedded, in memory)", openMemoryPglite);
