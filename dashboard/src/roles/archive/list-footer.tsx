import type { CursorListResource } from "./use-cursor-list.js";

export interface ListFooterProps {
  list: Pick<CursorListResource<unknown>, "data" | "error" | "loading" | "more">;
  /** "Load older" in the list's own words. */
  olderLabel: string;
  /** What keeps the list current without a reload. */
  liveNote: string;
}

/**
 * The foot of an archive list paged by cursor: an error from loading a further page (the loaded ones
 * stay), the button for the next older page while there is one, and how the list stays live.
 */
export function ListFooter({ list, olderLabel, liveNote }: ListFooterProps) {
  const { data } = list;
  return (
    <>
      {data && list.error && (
        <p role="alert" className="error">
          {list.error.message}
        </p>
      )}
      {data?.nextCursor && (
        <button type="button" className="secondary" disabled={list.loading} onClick={list.more}>
          {olderLabel}
        </button>
      )}
      <p className="muted">{liveNote}</p>
    </>
  );
}
