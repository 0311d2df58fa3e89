import { open, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { ensureDir } from "../delivery/storage-errors.js";

/**
 * What the running agent last knew about itself, written to `<dataDir>/agent-state.json` now and then
 * so `edge-agent status` can answer without talking to the running process. Unknown fields are kept:
 * the runner may report more than status prints.
 */
export const AGENT_STATE_FILE = "agent-state.json";

export const agentStateSchema = z.looseObject({
  updatedAt: z.number().describe("Epoch ms of the last write"),
  pid: z.number().int().optional(),
  startedAt: z.number().optional(),
  mqtt: z.looseObject({ connected: z.boolean() }).optional(),
  queue: z.looseObject({ pending: z.number(), dropped: z.number() }).optional(),
  storage: z
    .looseObject({
      state: z.string(),
      heldInMemory: z.number(),
      droppedEvents: z.number(),
      error: z.string().optional(),
    })
    .optional(),
  cameras: z
    .record(
      z.string(),
      z.looseObject({ status: z.string(), lastFrameAt: z.number().optional(), error: z.string().optional() }),
    )
    .optional(),
});
export type AgentState = z.infer<typeof agentStateSchema>;

export const agentStatePath = (dataDir: string): string => join(dataDir, AGENT_STATE_FILE);

/** The file is padded with spaces to a multiple of this, so a full disk still has room for a rewrite. */
const STATE_BLOCK = 4096;

/**
 * Atomic write (temp + rename), so status never reads half a file. On a full disk the temp file cannot
 * be written, so the state is rewritten in place within the room the padded file already has: not
 * atomic, but it lets `edge-agent status` show the full disk instead of figures from before it.
 */
export async function writeAgentState(dataDir: string, state: AgentState): Promise<void> {
  ensureDir(dataDir, "data dir");
  const path = agentStatePath(dataDir);
  const json = JSON.stringify(state);
  const size = Math.ceil((json.length + 1) / STATE_BLOCK) * STATE_BLOCK;
  try {
    await writeFile(`${path}.tmp`, `${json.padEnd(size - 1)}\n`);
    await rename(`${path}.tmp`, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code !== "ENOSPC" && code !== "EDQUOT") || !(await rewriteInPlace(path, json))) throw err;
  }
}

/** Overwrites the file without growing it; false when the new state does not fit. */
async function rewriteInPlace(path: string, json: string): Promise<boolean> {
  const file = await open(path, "r+").catch(() => undefined);
  if (!file) return false;
  try {
    const { size } = await file.stat();
    const bytes = Buffer.byteLength(json);
    if (bytes + 1 > size) return false;
    await file.write(`${json}${" ".repeat(size - bytes - 1)}\n`, 0);
    return true;
  } finally {
    await file.close();
  }
}

/** The last state, undefined when the agent never ran; a corrupt file is reported, not thrown. */
export async function readAgentState(dataDir: string): Promise<AgentState | { error: string } | undefined> {
  let text: string;
  try {
    text = await readFile(agentStatePath(dataDir), "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = agentStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { error: "unexpected content" };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** rtsp://user:secret@host → rtsp://user:***@host, for anything printed or logged. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}

export function ago(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  return s < 120
    ? `${s} s ago`
    : s < 7200
      ? `${Math.round(s / 60)} min ago`
      : `${Math.round(s / 3600)} h ago`;
}
