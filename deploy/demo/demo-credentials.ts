import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";

// Logins of the demo, kept in the data dir (mode 0600) so every later `npm start` prints the same ones.

const login = z.strictObject({ email: z.string().min(3), password: z.string().min(8) });
const credentialsSchema = z.strictObject({ admin: login, demo: login });
export type DemoCredentials = z.infer<typeof credentialsSchema>;
export type Login = z.infer<typeof login>;

export function readCredentials(file: string): DemoCredentials | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = credentialsSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not a valid demo credentials file; run npm run reset`);
  return parsed.data;
}

export function writeCredentials(file: string, credentials: DemoCredentials): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // writeFileSync's mode applies only when it creates the file
}

/** A random password that is easy to copy from a terminal (letters, digits, '-' and '_'). */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}
