import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { buildChartSvg, type ChartSvgOptions } from './chart-svg.js';
import type { DailyCount, WeeklyMtta } from './figures.js';

/**
 * Renders the digest chart to PNG without a browser: SVG built in chart-svg.ts, rasterised by
 * resvg. resvg draws text only with fonts it can find; it never downloads any. By default it
 * loads the system fonts (the SVG asks for DejaVu Sans, then common sans-serif families), so the
 * container image needs a font package such as fonts-dejavu-core. Callers can point it at font
 * files or folders instead.
 */

export interface ChartFonts {
  /** Font files to load (TTF/OTF). */
  fontFiles?: string[];
  /** Folders to load fonts from. */
  fontDirs?: string[];
  /** Also load the system's fonts. @defaultValue true */
  loadSystemFonts?: boolean;
  /** Family used when none of the SVG's families is found. */
  defaultFontFamily?: string;
}

export interface ChartOptions extends ChartSvgOptions {
  fonts?: ChartFonts;
}

export interface ChartData {
  daily: readonly DailyCount[];
  weeklyMtta: readonly WeeklyMtta[];
}

function fontOptions(fonts: ChartFonts = {}): NonNullable<ResvgRenderOptions['font']> {
  return {
    loadSystemFonts: fonts.loadSystemFonts ?? true,
    ...(fonts.fontFiles ? { fontFiles: fonts.fontFiles } : {}),
    ...(fonts.fontDirs ? { fontDirs: fonts.fontDirs } : {}),
    ...(fonts.defaultFontFamily ? { defaultFontFamily: fonts.defaultFontFamily } : {}),
    sansSerifFamily: fonts.defaultFontFamily ?? 'DejaVu Sans',
  };
}

export function renderDigestChart(data: ChartData, options: ChartOptions): Buffer {
  const svg = buildChartSvg(data, options);
  const resvg = new Resvg(svg, { font: fontOptions(options.fonts), background: '#ffffff', logLevel: 'off' });
  return resvg.render().asPng();
}
