import { openPglite } from "../../src/db/client";
import { domainContract } from "./domain-contract";

domainContract("PGlite (embedded, in memory)", () => openPglite());
