import { useTranslation } from "react-i18next";

import { currentLanguage } from "@/lib/i18n";

import type { SubjectReport } from "../api/types";
import { formatNumber, scale } from "../lib/numbers";

// Small units on purpose: on a 360 px phone the chart is drawn at about 3/4 scale.
const W = 420;
const H = 200;
const PAD = { left: 30, right: 14, top: 16, bottom: 30 };
const DAY = 86_400_000;

function dayNumber(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / DAY;
}

function shortDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

/**
 * One subject's weighted average over the period (the line) with its grades as points
 * (the digit is written in each point: never colour alone). The SVG is one image for
 * screen readers, described in words by its label.
 */
export function TrendChart({ subject, from, to }: { subject: SubjectReport; from: string; to: string }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const start = dayNumber(from);
  const end = dayNumber(to);
  const x = (iso: string) => scale(dayNumber(iso), start, end, PAD.left, W - PAD.right);
  const y = (value: number) => scale(value, 1, 5, H - PAD.bottom, PAD.top);
  const numeric = subject.grades.filter((g): g is typeof g & { value: number } => typeof g.value === "number");
  const trend = subject.trend;
  const first = trend[0];
  const lastPoint = trend.at(-1);
  // A step line: the average holds until the next day with grades.
  const path = first
    ? [
        `M${x(first.date).toFixed(1)},${y(first.average).toFixed(1)}`,
        ...trend.slice(1).map((p) => `H${x(p.date).toFixed(1)} V${y(p.average).toFixed(1)}`),
        `H${(W - PAD.right).toFixed(1)}`,
      ].join(" ")
    : "";
  const label = t("reports.chart.trendLabel", {
    subject: subject.name,
    count: numeric.length,
    from: first ? formatNumber(first.average, locale) : "—",
    to: lastPoint ? formatNumber(lastPoint.average, locale) : "—",
  });
  const middle = new Date(((start + end) / 2) * DAY).toISOString().slice(0, 10);
  return (
    <figure className="rp-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="rp-chart__svg">
        {[1, 2, 3, 4, 5].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="rp-chart__grid" />
            <text x={PAD.left - 10} y={y(v) + 5} className="rp-chart__axis" textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        {[from, middle, to].map((d, i) => (
          <text
            key={d}
            x={x(d)}
            y={H - 8}
            className="rp-chart__axis"
            textAnchor={i === 0 ? "start" : i === 2 ? "end" : "middle"}
          >
            {shortDate(d, locale)}
          </text>
        ))}
        {path ? <path d={path} className="rp-chart__line" /> : null}
        {numeric.map((g, i) => (
          <g key={`${g.date}-${i}`} className={`rp-chart__point rp-chart__point--${g.value}`}>
            <circle cx={x(g.date)} cy={y(g.value)} r={g.weight > 1 ? 13 : 11} />
            <text x={x(g.date)} y={y(g.value) + 5} textAnchor="middle">
              {g.value}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="rp-chart__caption">{t("reports.chart.trendCaption")}</figcaption>
    </figure>
  );
}
