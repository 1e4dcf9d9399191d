// The summary's small bar chart: one bar per day or week, of what TikTok settled in it, above
// the zero line or below it (a day of chargebacks settles negative). Only the bars' heights
// come from numbers, and only to draw: every amount the seller reads is core's decimal string
// (the axis names the largest bucket's own amount instead of a rounded one).
import type { SummaryBucketView } from "../lib/bindings";

export interface ChartBar {
  x: number;
  width: number;
  y: number;
  height: number;
  negative: boolean;
  bucket: SummaryBucketView;
}

export interface ChartLayout {
  bars: ChartBar[];
  /** Where zero is, from the top. */
  zeroY: number;
  /** The bucket with the highest settlement above zero, and the lowest below (axis labels). */
  top: SummaryBucketView | null;
  bottom: SummaryBucketView | null;
}

export interface ChartSize {
  width: number;
  height: number;
  /** Space between bars, as a share of each slot. */
  gap?: number;
}

/** A decimal string's size for drawing only (never added, never shown). */
function drawn(amount: string): number {
  const n = Number(amount);
  return Number.isFinite(n) ? n : 0;
}

/** Lays the buckets out left to right in `size`, scaled to the largest above and below zero. */
export function chartLayout(
  buckets: readonly SummaryBucketView[],
  size: ChartSize,
  value: (b: SummaryBucketView) => string = (b) => b.settlement,
): ChartLayout {
  const values = buckets.map((b) => drawn(value(b)));
  const high = Math.max(0, ...values);
  const low = Math.min(0, ...values);
  const span = high - low;
  const zeroY = span === 0 ? size.height : (high / span) * size.height;
  const slot = buckets.length > 0 ? size.width / buckets.length : 0;
  const gap = slot * (size.gap ?? 0.25);
  const bars = buckets.map((bucket, i) => {
    const v = values[i] ?? 0;
    const height = span === 0 ? 0 : (Math.abs(v) / span) * size.height;
    const negative = v < 0;
    return {
      x: i * slot + gap / 2,
      width: Math.max(1, slot - gap),
      y: negative ? zeroY : zeroY - height,
      // A bucket with money in it shows at least a sliver.
      height: v !== 0 ? Math.max(1, height) : 0,
      negative,
      bucket,
    };
  });
  const pick = (want: number) =>
    want === 0 ? null : (buckets[values.findIndex((v) => v === want)] ?? null);
  return { bars, zeroY, top: pick(high), bottom: pick(low) };
}
