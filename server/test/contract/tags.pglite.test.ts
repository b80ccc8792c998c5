import { openMemoryPglite } from "./contract-database";
import { tagsContract } from "./tags-contract";

tagsContract("PGlite (embedded, in memory)", openMemoryPglite);
