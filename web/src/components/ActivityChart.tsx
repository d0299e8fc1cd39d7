import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { PAGE_MESSAGES as T } from "../page-messages.ts";
import type { DailySignIns } from "../state.ts";
import { locale } from "../time.ts";

const HEIGHT = 220;
const PAD = { top: 16, right: 12, bottom: 36, left: 32 };

function niceMax(value: number): number {
  if (value <= 4) return 4;
  const step = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / step) * step;
}

/** A calendar day (YYYY-MM-DD, already in the viewer's time zone) as the viewer's locale writes it. */
const day = (date: string, options: Intl.DateTimeFormatOptions) => {
  const [year, month, dayOfMonth] = date.split("-").map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, dayOfMonth ?? 1).toLocaleDateString(locale(), options);
};
const dayLabel = (date: string) => day(date, { day: "numeric", month: "short" });
const dayTitle = (date: string) => day(date, { weekday: "short", day: "numeric", month: "long" });

/**
 * Sign-ins and failed sign-ins per day, as grouped bars in SVG drawn here (no chart library).
 * Drawn at the width it is given (measured), so its text stays readable on a phone.
 */
export function ActivityChart({ daily }: { daily: DailySignIns[] }) {
  const figure = useRef<HTMLElement>(null);
  const measured = useSignal(640);
  useEffect(() => {
    const element = figure.current;
    if (!element) return;
    const observer = new ResizeObserver(() => (measured.value = Math.max(280, Math.round(element.clientWidth))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const WIDTH = measured.value;
  const labelEvery = WIDTH < 420 ? 3 : WIDTH < 560 ? 2 : 1;
  const max = niceMax(Math.max(1, ...daily.flatMap((d) => [d.logins, d.failed])));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, daily.length);
  const bar = Math.min(14, slot / 3);
  const y = (value: number) => PAD.top + plotH - (value / max) * plotH;
  const ticks = [0, max / 4, max / 2, (3 * max) / 4, max];
  const totals = daily.reduce((acc, d) => ({ logins: acc.logins + d.logins, failed: acc.failed + d.failed }), {
    logins: 0,
    failed: 0,
  });

  return (
    <figure class="chart" ref={figure}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={T.chartSummary(daily.length, totals.logins, totals.failed)}
        preserveAspectRatio="xMidYMid meet"
      >
        {ticks.map((tick) => (
          <g key={tick} class="grid">
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} />
            <text x={PAD.left - 6} y={y(tick) + 4} text-anchor="end">
              {Number.isInteger(tick) ? tick : ""}
            </text>
          </g>
        ))}
        {daily.map((entry, i) => {
          const x = PAD.left + slot * i + slot / 2;
          return (
            <g key={entry.date}>
              <rect
                class="bar-ok"
                x={x - bar - 1}
                y={y(entry.logins)}
                width={bar}
                height={Math.max(0, y(0) - y(entry.logins))}
                rx="2"
              >
                <title>{T.dayLogins(dayTitle(entry.date), entry.logins)}</title>
              </rect>
              <rect
                class="bar-fail"
                x={x + 1}
                y={y(entry.failed)}
                width={bar}
                height={Math.max(0, y(0) - y(entry.failed))}
                rx="2"
              >
                <title>{T.dayFailed(dayTitle(entry.date), entry.failed)}</title>
              </rect>
              {(daily.length - 1 - i) % labelEvery === 0 && (
                <text class="axis" x={x} y={HEIGHT - PAD.bottom + 18} text-anchor="middle">
                  {dayLabel(entry.date)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        <span>
          <i class="swatch swatch-ok" /> {T.signIns(totals.logins)}
        </span>
        <span>
          <i class="swatch swatch-fail" /> {T.failedSignIns(totals.failed)}
        </span>
        <span class="muted">{T.perDay(Intl.DateTimeFormat().resolvedOptions().timeZone.replaceAll("_", " "))}</span>
      </figcaption>
    </figure>
  );
}
