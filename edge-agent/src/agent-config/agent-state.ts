import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

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
  cameras: z
    .record(
      z.string(),
      z.looseObject({ status: z.string(), lastFrameAt: z.number().optional(), error: z.string().optional() }),
    )
    .optional(),
});
export type AgentState = z.infer<typeof agentStateSchema>;

export const agentStatePath = (dataDir: string): string => join(dataDir, AGENT_STATE_FILE);

/** Atomic write (temp + rename), so status never reads half a file. */
export async function writeAgentState(dataDir: string, state: AgentState): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const path = agentStatePath(dataDir);
  await writeFile(`${path}.tmp`, `${JSON.stringify(state)}\n`);
  await rename(`${path}.tmp`, path);
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
