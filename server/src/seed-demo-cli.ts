// app.json's `scripts.postdeploy`: seed a review app with demo data (after the release phase migrated it).
import { loadConfig } from "./config";
import { seedReviewApp } from "./domain/demo/seed-review-app";
import { openDatabase } from "./open-database";

const config = loadConfig(process.env);
if (!config.adminPassword) throw new Error("ADMIN_PASSWORD must be set (app.json generates it); the demo operators sign in with it");
const database = await openDatabase(config);
await database.migrate(); // idempotent; the release phase normally did it already
const result = await seedReviewApp(database.db, { adminEmail: config.adminEmail, password: config.adminPassword });
console.log(
  result.seeded
    ? `demo seeded: sign in as ${result.adminEmail}, ${result.operatorEmail} or ${result.productEmail} (product team) with ADMIN_PASSWORD; widget site key ${result.siteKey}`
    : "demo data already present; nothing changed",
);
await database.close();
