/**
 * Small hand-made SVG charts (no chart library): bars and lines scaled into a viewBox that stretches to the
 * container's width. Each chart carries a text summary for screen readers and can show its data as a table.
 */
import { useId, useState, type ReactNode } from "react";

export interface BarDatum {
  label: string;
  value: number;
  /** Text for the tooltip and the data table. */
  display: string;
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 4, left: 8 };

function ChartFrame({ title, summary, table, children }: { title: string; summary: string; table: ReactNode; children: ReactNode }) {
  const [showTable, setShowTable] = useState(false);
  const id = useId();
  return (
    <figure className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <figcaption id={id} className="text-sm font-medium">{title}</figcaption>
        <button type="button" className="text-xs font-medium text-brand-700 underline dark:text-brand-500" onClick={() => setShowTable((s) => !s)} aria-expanded={showTable}>
          {showTable ? "Show chart" : "Show as table"}
        </button>
      </div>
      {showTable ? table : (
        <div role="img" aria-labelledby={id} aria-describedby={`${id}-summary`}>
          {children}
          <p id={`${id}-summary`} className="sr-only">{summary}</p>
        </div>
      )}
    </figure>
  );
}

function DataTable({ rows, headers }: { rows: [string, string][]; headers: [string, string] }) {
  return (
    <div className="max-h-64 overflow-auto rounded-xl border border-stone-200 dark:border-stone-800">
      <table className="w-full text-left text-sm">
        <thead className="sticky top-0 bg-stone-100 dark:bg-stone-800">
          <tr>
            <th scope="col" className="px-3 py-1.5 font-medium">{headers[0]}</th>
            <th scope="col" className="px-3 py-1.5 text-right font-medium">{headers[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value], index) => (
            <tr key={`${label}-${index}`} className="border-t border-stone-200 dark:border-stone-800">
              <td className="px-3 py-1">{label}</td>
              <td className="px-3 py-1 text-right tabular-nums">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** X-axis labels in HTML under the SVG, so they keep a readable size however narrow the chart is. */
function AxisLabels({ labels }: { labels: { label: string; at: number }[] }) {
  return (
    <div className="relative h-5 text-[11px] text-stone-600 dark:text-stone-400" aria-hidden="true">
      {labels.map(({ label, at }, i) => (
        <span
          key={`${label}-${i}`}
          className="absolute top-0.5 whitespace-nowrap"
          style={i === 0 ? { left: 0 } : i === labels.length - 1 ? { right: 0 } : { left: `${at * 100}%`, transform: "translateX(-50%)" }}
        >
          {label}
        </span>
      ))}
    </div>
  );
}

/** Labels shown under the x axis: at most `max`, evenly spread, always the first and last. */
function tickIndexes(count: number, max = 6): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  const step = (count - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => Math.round(i * step));
}

export function BarChart({ title, data, valueHeader, color = "var(--color-brand-600)", testId }: { title: string; data: BarDatum[]; valueHeader: string; color?: string; testId?: string }) {
  const max = Math.max(...data.map((d) => d.value), 0);
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = data.length ? innerWidth / data.length : innerWidth;
  // A few bars stay bar-shaped rather than filling the whole width.
  const barWidth = Math.max(1, Math.min(slot * 0.8, 40));
  const peak = data.reduce<BarDatum | null>((best, d) => (!best || d.value > best.value ? d : best), null);
  const summary = data.length
    ? `${data.length} bars from ${data[0]!.label} to ${data[data.length - 1]!.label}; highest ${peak!.display} on ${peak!.label}.`
    : "No data.";
  return (
    <ChartFrame title={title} summary={summary} table={<DataTable headers={["Period", valueHeader]} rows={data.map((d) => [d.label, d.display])} />}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full" preserveAspectRatio="none" data-testid={testId}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} className="stroke-stone-300 dark:stroke-stone-700" />
        {data.map((d, i) => {
          const height = max > 0 ? (d.value / max) * innerHeight : 0;
          return (
            <rect key={`${d.label}-${i}`} x={PAD.left + i * slot + (slot - barWidth) / 2} y={HEIGHT - PAD.bottom - height} width={barWidth} height={Math.max(height, d.value > 0 ? 1 : 0)} rx={Math.min(3, barWidth / 3)} fill={color}>
              <title>{`${d.label}: ${d.display}`}</title>
            </rect>
          );
        })}
      </svg>
      <AxisLabels labels={tickIndexes(data.length).map((i) => ({ label: data[i]!.label, at: (PAD.left + i * slot + slot / 2) / WIDTH }))} />
    </ChartFrame>
  );
}

export interface LineSeries {
  name: string;
  color: string;
  values: number[];
  dashed?: boolean;
}

/** Lines over shared x labels (e.g. years), with a legend. */
export function LineChart({ title, labels, series, format, testId }: { title: string; labels: string[]; series: LineSeries[]; format: (value: number) => string; testId?: string }) {
  const all = series.flatMap((s) => s.values);
  const max = Math.max(...all, 0);
  const min = Math.min(...all, 0);
  const span = max - min || 1;
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (labels.length > 1 ? (i / (labels.length - 1)) * innerWidth : innerWidth / 2);
  const y = (v: number) => PAD.top + (1 - (v - min) / span) * innerHeight;
  const last = labels.length - 1;
  const summary = series.map((s) => `${s.name}: ${format(s.values[last] ?? 0)} at ${labels[last] ?? ""}`).join("; ");
  const rows: [string, string][] = labels.map((label, i) => [label, series.map((s) => `${s.name} ${format(s.values[i] ?? 0)}`).join(" · ")]);
  return (
    <ChartFrame title={title} summary={summary} table={<DataTable headers={["", "Values"]} rows={rows} />}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full" data-testid={testId}>
        {min < 0 && <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="stroke-stone-300 dark:stroke-stone-700" />}
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} className="stroke-stone-300 dark:stroke-stone-700" />
        {series.map((s) => (
          <polyline
            key={s.name}
            fill="none"
            stroke={s.color}
            strokeWidth={2.5}
            strokeDasharray={s.dashed ? "6 5" : undefined}
            points={s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ")}
          />
        ))}
      </svg>
      <AxisLabels labels={tickIndexes(labels.length).map((i) => ({ label: labels[i]!, at: x(i) / WIDTH }))} />
      <ul className="mt-1 flex flex-wrap gap-4 text-xs">
        {series.map((s) => (
          <li key={s.name} className="flex items-center gap-1.5">
            <span aria-hidden="true" className="inline-block h-0.5 w-5" style={{ background: s.color }} />
            {s.name}
          </li>
        ))}
      </ul>
    </ChartFrame>
  );
}
