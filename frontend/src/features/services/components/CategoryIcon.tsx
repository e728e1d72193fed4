import type { CategoryId } from "../lib/catalog";

/** A decorative mark for a category: a graduation cap for education, a lifebuoy for help. */
export function CategoryIcon({ category }: { category: CategoryId }) {
  return (
    <span className={`category-icon category-icon--${category}`} aria-hidden="true">
      {category === "education" ? (
        <svg viewBox="0 0 32 32" width="32" height="32" focusable="false">
          <path d="M3 12l13-6 13 6-13 6z" fill="currentColor" />
          <path d="M8 15v6c0 2 3.6 4 8 4s8-2 8-4v-6" fill="none" stroke="currentColor" strokeWidth="2.2" />
          <path d="M27 13v7" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      ) : (
        <svg viewBox="0 0 32 32" width="32" height="32" focusable="false">
          <circle cx="16" cy="16" r="11" fill="none" stroke="currentColor" strokeWidth="2.4" />
          <circle cx="16" cy="16" r="5" fill="none" stroke="currentColor" strokeWidth="2.4" />
          <path d="M8.2 8.2l4.3 4.3M23.8 8.2l-4.3 4.3M8.2 23.8l4.3-4.3M23.8 23.8l-4.3-4.3" stroke="currentColor" strokeWidth="2.4" />
        </svg>
      )}
    </span>
  );
}
