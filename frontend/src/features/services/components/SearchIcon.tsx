export function SearchIcon(props: { width?: number; height?: number }) {
  return (
    <svg viewBox="0 0 24 24" width={props.width ?? 20} height={props.height ?? 20} aria-hidden="true" focusable="false">
      <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M15.5 15.5L21 21" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
