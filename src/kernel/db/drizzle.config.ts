import { defineConfig } from 'drizzle-kit';

// Used only by `npm run db:generate -- --name <what_it_does>`; the app applies migrations itself.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/kernel/db/schema.ts',
  out: './src/kernel/db/migrations',
});
