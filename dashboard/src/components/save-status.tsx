import type { ReactNode } from "react";

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

export interface SaveBarProps {
  state: SaveState;
  /** The "unsaved changes" note, shown only while there are some. */
  unsaved?: string;
  labels: { save: string; saving: string; discard: string };
  /** Save through the surrounding form's submit (true) or this handler. */
  onSave?: () => void;
  onDiscard: () => void;
  /** Whether discarding has anything to undo. */
  dirty: boolean;
  /** More buttons after Discard (e.g. reset to defaults). */
  children?: ReactNode;
  /** Under the buttons, above the status (a form-level error). */
  after?: ReactNode;
}

/** An editor's Save / Discard row with its unsaved note and status line (seat editor, gate and focus settings). */
export function SaveBar(p: SaveBarProps) {
  const saving = p.state.kind === "saving";
  return (
    <div className="save-bar">
      {p.unsaved && <span className="unsaved">{p.unsaved}</span>}
      <div className="row">
        <button type={p.onSave ? "button" : "submit"} disabled={saving} onClick={p.onSave}>
          {saving ? p.labels.saving : p.labels.save}
        </button>
        <button type="button" className="secondary" disabled={!p.dirty || saving} onClick={p.onDiscard}>
          {p.labels.discard}
        </button>
        {p.children}
      </div>
      {p.after}
      <SaveStatus state={p.state} />
    </div>
  );
}
