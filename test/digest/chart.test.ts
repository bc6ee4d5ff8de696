import { describe, expect, it } from 'vitest';
import { renderDigestChart } from '../../src/digest/chart.js';
import { buildChartSvg, niceAxis, SEVERITY_COLOURS, shortDate } from '../../src/digest/chart-svg.js';
import { renderExampleChart } from '../../src/digest/example.js';
import { computeDigestFigures } from '../../src/digest/figures.js';
import { record } from './builders.js';
import { coloursIn, decodePng, PNG_SIGNATURE } from './png.js';

const now = new Date('2025-03-10T09:00:00Z');
const figures = computeDigestFigures({
  records: [
    record('a', '2025-03-09T10:00:00Z', { severityLabel: 'critical', ackAfter: 12 }),
    record('b', '2025-03-09T11:00:00Z', { severityLabel: 'high', ackAfter: 30 }),
    record('c', '2025-03-02T11:00:00Z', { severityLabel: 'medium', ackAfter: 45 }),
    record('d', '2025-02-20T11:00:00Z', { severityLabel: 'low', ackAfter: 5 }),
  ],
  muteRules: [],
  now,
  timeZone: 'UTC',
});

describe('digest chart', () => {
  const png = renderDigestChart(figures, { title: 'Weekly posture' });
  const image = decodePng(png);

  it('is a 1000×500 PNG', () => {
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(1000);
    expect(png.readUInt32BE(20)).toBe(500);
    expect([image.width, image.height]).toEqual([1000, 500]);
  });

  it('draws bars in every severity colour that has incidents', () => {
    const colours = coloursIn(image, 0, 0, image.width, image.height);
    for (const colour of Object.values(SEVERITY_COLOURS)) expect(colours).toContain(colour.slice(1));
    expect(colours.size).toBeGreaterThan(8);
  });

  it('renders text with a local font (the title area is not blank)', () => {
    const titleArea = coloursIn(image, 20, 15, 300, 45);
    expect(titleArea.size).toBeGreaterThan(3);
  });

  it('would leave the title area blank without fonts (so the check above can fail)', () => {
    const noFonts = decodePng(
      renderDigestChart(figures, { title: 'Weekly posture', fonts: { loadSystemFonts: false } }),
    );
    expect(coloursIn(noFonts, 20, 15, 300, 45).size).toBe(1);
  });

  it('marks sample data in the title', () => {
    expect(buildChartSvg(figures, { title: 'T', sampleData: true })).toContain('SAMPLE DATA · T');
    expect(buildChartSvg(figures, { title: 'T' })).not.toContain('SAMPLE DATA');
  });

  it('escapes text it puts in the SVG', () => {
    expect(buildChartSvg(figures, { title: 'A & <B>' })).toContain('A &#38; &#60;B&#62;');
  });

  it('renders an empty month without failing', () => {
    const empty = computeDigestFigures({ records: [], muteRules: [], now, timeZone: 'UTC' });
    const decoded = decodePng(renderDigestChart(empty, { title: 'Nothing happened' }));
    expect(decoded.width).toBe(1000);
  });

  it('renders the example chart for the docs, marked SAMPLE DATA in red', () => {
    const example = decodePng(renderExampleChart());
    expect(coloursIn(example, 20, 15, 400, 45)).toContain(SEVERITY_COLOURS.critical.slice(1));
  });

  it('picks round axis steps', () => {
    expect(niceAxis(0)).toEqual({ top: 4, step: 1 });
    // A sub-minute MTTA must not give an axis of 0, 0, 0, 0.
    expect(niceAxis(0.3)).toEqual({ top: 4, step: 1 });
    expect(niceAxis(3)).toEqual({ top: 4, step: 1 });
    expect(niceAxis(9)).toEqual({ top: 10, step: 5 });
    expect(niceAxis(37)).toEqual({ top: 40, step: 10 });
    expect(shortDate('2025-03-04')).toBe('Mar 4');
  });
});
