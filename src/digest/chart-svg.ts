import { SEVERITY_LABELS, type SeverityLabel } from '../alerts/alert.js';
import type { DailyCount, WeeklyMtta } from './figures.js';

/**
 * The digest chart as SVG text (pure; chart.ts rasterises it). Two panels: incidents per local
 * day, stacked by severity, for 4 weeks; and median MTTA per week. Plain shapes and text only,
 * so any SVG renderer draws it the same.
 */

export const SEVERITY_COLOURS: Readonly<Record<SeverityLabel, string>> = {
  critical: '#b3261e',
  high: '#e8710a',
  medium: '#f2b600',
  low: '#4a7fb5',
};

export interface ChartSvgOptions {
  title: string;
  /** Adds "SAMPLE DATA" to the title, for demos and docs. */
  sampleData?: boolean;
  width?: number;
  height?: number;
}

const FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `2025-03-04` → `Mar 4`. */
export function shortDate(date: string): string {
  const [, month, day] = date.split('-').map(Number);
  return `${MONTHS[(month ?? 1) - 1] ?? ''} ${day ?? ''}`;
}

/** A round axis maximum and step (1, 2 or 5 × 10^n) that fit `max` in about 4 ticks. */
export function niceAxis(max: number): { top: number; step: number } {
  // Counts and minutes are read in whole units: below 4 a finer step would label ticks 0, 0, 0, 0.
  if (max <= 4) return { top: 4, step: 1 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= rough) ?? 10) * magnitude;
  return { top: Math.ceil(max / step) * step, step };
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(content)}</text>`;
}

interface Panel {
  x: number;
  y: number;
  width: number;
  height: number;
}

function axis(panel: Panel, top: number, step: number, unit: string): string[] {
  const out: string[] = [];
  for (let v = 0; v <= top + step / 2; v += step) {
    const y = panel.y + panel.height - (v / top) * panel.height;
    out.push(
      `<line x1="${panel.x}" y1="${y.toFixed(1)}" x2="${panel.x + panel.width}" y2="${y.toFixed(1)}" stroke="#e3e3e3"/>`,
    );
    out.push(
      text(panel.x - 6, y + 4, `${Math.round(v)}${unit}`, 'text-anchor="end" font-size="11" fill="#555"'),
    );
  }
  out.push(
    `<line x1="${panel.x}" y1="${panel.y + panel.height}" x2="${panel.x + panel.width}" y2="${panel.y + panel.height}" stroke="#888"/>`,
  );
  return out;
}

function dailyPanel(daily: readonly DailyCount[], panel: Panel): string[] {
  const totals = daily.map((d) => SEVERITY_LABELS.reduce((sum, s) => sum + d.counts[s], 0));
  const { top, step } = niceAxis(Math.max(0, ...totals));
  const out = [
    text(panel.x, panel.y - 34, 'Incidents opened per day', 'font-size="15" font-weight="bold" fill="#222"'),
    ...axis(panel, top, step, ''),
  ];
  const slot = panel.width / Math.max(1, daily.length);
  daily.forEach((day, i) => {
    let y = panel.y + panel.height;
    const x = panel.x + i * slot + slot * 0.15;
    // Stack the most severe at the bottom, where the eye compares heights best.
    for (const severity of [...SEVERITY_LABELS].reverse()) {
      const h = (day.counts[severity] / top) * panel.height;
      if (h <= 0) continue;
      y -= h;
      out.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="${SEVERITY_COLOURS[severity]}"/>`,
      );
    }
    if (i % 7 === 0 || i === daily.length - 1) {
      out.push(
        text(
          x + slot * 0.35,
          panel.y + panel.height + 16,
          shortDate(day.date),
          'text-anchor="middle" font-size="11" fill="#555"',
        ),
      );
    }
  });
  // Legend, most severe first.
  [...SEVERITY_LABELS].reverse().forEach((severity, i) => {
    const lx = panel.x + i * 95;
    out.push(
      `<rect x="${lx}" y="${panel.y - 24}" width="12" height="12" fill="${SEVERITY_COLOURS[severity]}"/>`,
    );
    out.push(text(lx + 17, panel.y - 14, severity, 'font-size="12" fill="#333"'));
  });
  return out;
}

function mttaPanel(weeks: readonly WeeklyMtta[], panel: Panel): string[] {
  const values = weeks.map((w) => w.mtta.medianMinutes);
  const { top, step } = niceAxis(Math.max(0, ...values.map((v) => v ?? 0)));
  const out = [
    text(
      panel.x,
      panel.y - 34,
      'Median MTTA per week (minutes)',
      'font-size="15" font-weight="bold" fill="#222"',
    ),
    ...axis(panel, top, step, ''),
  ];
  const slot = panel.width / Math.max(1, weeks.length);
  weeks.forEach((week, i) => {
    const x = panel.x + i * slot + slot * 0.2;
    const value = values[i] ?? null;
    const label = `from ${shortDate(week.weekStart)}`;
    out.push(
      text(
        x + slot * 0.3,
        panel.y + panel.height + 16,
        label,
        'text-anchor="middle" font-size="11" fill="#555"',
      ),
    );
    if (value === null) {
      out.push(
        text(
          x + slot * 0.3,
          panel.y + panel.height - 6,
          'no acks',
          'text-anchor="middle" font-size="11" fill="#999"',
        ),
      );
      return;
    }
    const h = (value / top) * panel.height;
    const y = panel.y + panel.height - h;
    out.push(
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.6).toFixed(1)}" height="${h.toFixed(1)}" fill="#3c6e71"/>`,
    );
    out.push(
      text(
        x + slot * 0.3,
        y - 5,
        value < 1 ? '<1' : `${Math.round(value)}`,
        'text-anchor="middle" font-size="12" fill="#222"',
      ),
    );
  });
  return out;
}

export function buildChartSvg(
  data: { daily: readonly DailyCount[]; weeklyMtta: readonly WeeklyMtta[] },
  options: ChartSvgOptions,
): string {
  const width = options.width ?? 1000;
  const height = options.height ?? 500;
  const title = options.sampleData ? `SAMPLE DATA · ${options.title}` : options.title;
  const top = 110;
  const plotHeight = height - top - 50;
  const split = Math.round(width * 0.62);
  const body = [
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(
      24,
      36,
      title,
      `font-size="20" font-weight="bold" fill="${options.sampleData ? '#b3261e' : '#111'}"`,
    ),
    ...dailyPanel(data.daily, { x: 60, y: top, width: split - 90, height: plotHeight }),
    ...mttaPanel(data.weeklyMtta, { x: split + 40, y: top, width: width - split - 70, height: plotHeight }),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    ...body,
    '</svg>',
  ].join('\n');
}
