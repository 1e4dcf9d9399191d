// The To ship work list's selection: pure, so click, shift-click and "all in view" are tested
// without a DOM. Keys are `shop_id/order_id`; the anchor is the row of the last plain click.

export interface Selection {
  keys: ReadonlySet<string>;
  /** The index (in the rows in view) a shift-click extends from. */
  anchor: number | null;
}

export const EMPTY_SELECTION: Selection = { keys: new Set(), anchor: null };

/**
 * A click on row `index`'s checkbox. A plain click flips that row and becomes the anchor; a
 * shift-click sets every row between the anchor and `index` to the clicked row's new state
 * (like a file manager), keeping the anchor so the range can be adjusted.
 */
export function clickRow(
  selection: Selection,
  rows: readonly string[],
  index: number,
  shift: boolean,
): Selection {
  const key = rows[index];
  if (key === undefined) return selection;
  const selecting = !selection.keys.has(key);
  const next = new Set(selection.keys);
  const anchor = selection.anchor;
  if (shift && anchor !== null && anchor < rows.length) {
    const [from, to] = anchor <= index ? [anchor, index] : [index, anchor];
    for (const k of rows.slice(from, to + 1)) {
      if (selecting) next.add(k);
      else next.delete(k);
    }
    return { keys: next, anchor };
  }
  if (selecting) next.add(key);
  else next.delete(key);
  return { keys: next, anchor: index };
}

/** Every row in view selected, or (when they all are already) none. */
export function toggleAll(selection: Selection, rows: readonly string[]): Selection {
  if (allSelected(selection, rows)) {
    const next = new Set(selection.keys);
    for (const k of rows) next.delete(k);
    return { keys: next, anchor: null };
  }
  return { keys: new Set([...selection.keys, ...rows]), anchor: null };
}

export function allSelected(selection: Selection, rows: readonly string[]): boolean {
  return rows.length > 0 && rows.every((k) => selection.keys.has(k));
}

/** Some but not all rows in view selected (the header checkbox shows "mixed"). */
export function someSelected(selection: Selection, rows: readonly string[]): boolean {
  return rows.some((k) => selection.keys.has(k)) && !allSelected(selection, rows);
}

/**
 * Keeps only the rows still in view (a refresh moved shipped orders out of To ship), so Ship
 * never acts on an order the seller can no longer see.
 */
export function keepVisible(selection: Selection, rows: readonly string[]): Selection {
  const visible = new Set(rows);
  const keys = [...selection.keys].filter((k) => visible.has(k));
  if (keys.length === selection.keys.size) return selection;
  return { keys: new Set(keys), anchor: selection.anchor !== null && selection.anchor < rows.length ? selection.anchor : null };
}
