import type { ReactNode } from "react";

/** A table that scrolls sideways on a phone: a labelled region the keyboard can reach. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rp-table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
