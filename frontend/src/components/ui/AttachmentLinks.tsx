export interface AttachmentLink {
  name: string;
  url: string;
}

/** A homework's materials as links that open in a new tab; nothing when there are none. */
export function AttachmentLinks({ items, className }: { items: AttachmentLink[]; className: string }) {
  if (items.length === 0) return null;
  return (
    <ul className={className}>
      {items.map((a) => (
        <li key={a.url}>
          <a href={a.url} target="_blank" rel="noreferrer noopener">
            {a.name}
          </a>
        </li>
      ))}
    </ul>
  );
}
