import type { Point } from "@sitewatch/shared-protocol";
import { addDraftPoint, canClose } from "../../../components/polygon-editing.js";
import type { EditorSeat } from "./seat-plan.js";

/** The editor for one camera: the seats as loaded, the working copy, the selection and a polygon being drawn. */
export interface EditorState {
  device: string;
  camera: string;
  original: EditorSeat[];
  seats: EditorSeat[];
  selected?: string;
  /** Points of the polygon being drawn; undefined when not drawing. */
  draft?: Point[];
  nextKey: number;
}

export type EditorAction =
  /** `original` defaults to `seats`; after a partly failed save the failed edits stay unsaved. */
  | { type: "load"; device: string; camera: string; seats: EditorSeat[]; original?: EditorSeat[] }
  | { type: "startDraw" }
  | { type: "addPoint"; point: Point }
  | { type: "closeDraft" }
  | { type: "cancelDraft" }
  | { type: "setPolygon"; key: string; polygon: Point[] }
  | { type: "rename"; key: string; id: string }
  | { type: "remove"; key: string }
  | { type: "select"; key?: string };

export const initialEditor: EditorState = { device: "", camera: "", original: [], seats: [], nextKey: 1 };

/** A closed draft becomes a new, still unnamed seat, selected so its name field is next. */
function closeDraft(state: EditorState, points: Point[]): EditorState {
  if (!canClose(points)) return state;
  const key = `new-${state.nextKey}`;
  const seat: EditorSeat = { key, id: "", device: state.device, camera: state.camera, polygon: points };
  return {
    ...state,
    seats: [...state.seats, seat],
    selected: key,
    draft: undefined,
    nextKey: state.nextKey + 1,
  };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  const update = (key: string, change: (s: EditorSeat) => EditorSeat) => ({
    ...state,
    seats: state.seats.map((s) => (s.key === key ? change(s) : s)),
  });
  switch (action.type) {
    case "load":
      return {
        ...initialEditor,
        device: action.device,
        camera: action.camera,
        original: action.original ?? action.seats,
        seats: action.seats,
        nextKey: state.nextKey,
      };
    case "startDraw":
      return { ...state, draft: [], selected: undefined };
    case "addPoint": {
      if (!state.draft) return state;
      const next = addDraftPoint(state.draft, action.point);
      return next.closed ? closeDraft(state, next.points) : { ...state, draft: next.points };
    }
    case "closeDraft":
      return state.draft ? closeDraft(state, state.draft) : state;
    case "cancelDraft":
      return { ...state, draft: undefined };
    case "setPolygon":
      return update(action.key, (s) => ({ ...s, polygon: action.polygon }));
    case "rename":
      return update(action.key, (s) => ({ ...s, id: action.id.trim() }));
    case "remove":
      return {
        ...state,
        seats: state.seats.filter((s) => s.key !== action.key),
        selected: state.selected === action.key ? undefined : state.selected,
      };
    case "select":
      return { ...state, selected: action.key, draft: undefined };
  }
}
