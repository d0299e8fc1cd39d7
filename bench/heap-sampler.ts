/**
 * Preloaded by bench/profile.ts (`bun --preload`): every 250 ms, one line of the resident set and,
 * every fourth, the JavaScript heap (bun:jsc heapStats: it walks the heap, ~70 ms at the peak, so
 * never during a CPU profile), to HEAP_SAMPLES, with the milliseconds since the process started.
 * Nothing when HEAP_SAMPLES is unset.
 */

import { heapStats } from "bun:jsc";
import { appendFileSync } from "node:fs";

const file = process.env.HEAP_SAMPLES;
if (file) {
  let n = 0;
  const sample = () => {
    const stats = n++ % 4 === 0 ? heapStats() : undefined;
    const line = {
      at: performance.now(),
      rssMB: process.memoryUsage.rss() / 2 ** 20,
      ...(stats
        ? {
            heapMB: stats.heapSize / 2 ** 20,
            capacityMB: stats.heapCapacity / 2 ** 20,
            extraMB: stats.extraMemorySize / 2 ** 20,
            objects: stats.objectCount,
            types: stats.objectTypeCounts,
          }
        : {}),
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
  setInterval(sample, 250).unref();
}
