import { defineConfig } from "drizzle-kit";

// Migrations are generated once (`npm run db:generate -w @sitewatch/hub`) and committed; the hub
// applies the same SQL to PGlite and to PostgreSQL at start-up or with `hub migrate`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema/index.ts",
  out: "./drizzle",
  casing: "snake_case",
});
