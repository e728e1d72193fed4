export interface Bar {
  key: string;
  label: string;
  /** The bar's length, 0..max. */
  value: number;
  /** What is written beside the bar: the number itself, in words or digits. */
  text: string;
}

/**
 * A horizontal bar chart whose every bar carries its label and its value as text, so
 * nothing is told by length or colour alone; narrow screens keep it readable.
 */
export function Bars({ bars, max, title, tone = "brand" }: { bars: Bar[]; max: number; title: string; tone?: "brand" | "grades" }) {
  return (
    <figure className="rp-bars">
      <figcaption className="rp-bars__title">{title}</figcaption>
      <ul className="rp-bars__list">
        {bars.map((bar) => (
          <li key={bar.key} className={`rp-bars__row${tone === "grades" ? ` rp-bars__row--g${bar.key}` : ""}`}>
            <span className="rp-bars__label">{bar.label}</span>
            <span className="rp-bars__track" aria-hidden="true">
              <span className="rp-bars__fill" style={{ width: `${max > 0 ? Math.max(0, Math.min(100, (bar.value / max) * 100)) : 0}%` }} />
            </span>
            <span className="rp-bars__value">{bar.text}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
