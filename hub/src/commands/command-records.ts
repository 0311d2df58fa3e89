import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { deviceCommands } from "../db/schema/index.js";
import type { CommandOutcome } from "./command-types.js";

type Status = (typeof deviceCommands.$inferSelect)["status"];

export interface NewCommandRecord {
  id: string;
  site: string;
  device: string;
  name: string;
  payload: unknown;
  status: "sent" | "failed";
  error?: { code: string; message: string };
  createdBy?: string;
}

/** The `device_commands` table: what was sent to which device, and what became of it. */
export class CommandRecords {
  constructor(private readonly database: Database) {}

  async insert(record: NewCommandRecord): Promise<void> {
    await this.database.db.insert(deviceCommands).values({
      id: record.id,
      siteId: record.site,
      deviceId: record.device,
      name: record.name,
      payload: record.payload,
      status: record.status,
      error: record.error ?? null,
      createdBy: record.createdBy ?? null,
    });
  }

  /**
   * Moves a command to `status` only from one of `from`, scoped to the device it was sent to, so a
   * final answer is never overwritten and no device can touch another's commands. Returns whether a
   * row changed.
   */
  async transition(
    id: string,
    device: { site: string; device: string },
    from: readonly Status[],
    outcome: Pick<CommandOutcome, "status" | "result" | "error">,
  ): Promise<boolean> {
    const rows = await this.database.db
      .update(deviceCommands)
      .set({
        status: outcome.status,
        result: outcome.result ?? null,
        error: outcome.error ?? null,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(deviceCommands.id, id),
          eq(deviceCommands.siteId, device.site),
          eq(deviceCommands.deviceId, device.device),
          inArray(deviceCommands.status, [...from]),
        ),
      )
      .returning({ id: deviceCommands.id });
    return rows.length > 0;
  }

  async get(id: string): Promise<typeof deviceCommands.$inferSelect | undefined> {
    const [row] = await this.database.db.select().from(deviceCommands).where(eq(deviceCommands.id, id));
    return row;
  }
}
