// `npm run db:migrate` and the Procfile's release phase: apply pending migrations, then exit.
import { loadConfig } from "../config";
import { openDatabase } from "../open-database";

const config = loadConfig(process.env);
const database = await openDatabase(config);
await database.migrate();
console.log(`migrations applied to ${database.describe}`);
await database.close();
