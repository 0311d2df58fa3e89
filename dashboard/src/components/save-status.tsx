/** Where an editor's save stands; `done` carries the lines to show (the push report or the failure). */
export type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "done"; lines: string[]; failed: boolean };

/**
 * The status line under an editor's buttons: a live region, so a screen reader hears the outcome of a
 * save, styled as an error when the save failed. The seat editor and the gate settings share it.
 */
export function SaveStatus({ state }: { state: SaveState }) {
  return (
    <div
      role="status"
      className={state.kind === "done" && state.failed ? "save-status error" : "save-status"}
    >
      {state.kind === "done" && state.lines.map((line) => <p key={line}>{line}</p>)}
    </div>
  );
}
