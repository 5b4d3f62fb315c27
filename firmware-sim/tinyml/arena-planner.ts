/**
 * TFLite Micro's GreedyMemoryPlanner (tensorflow/lite/micro/memory_planner/
 * greedy_memory_planner.cc), step for step: buffers are taken largest first (a stable
 * bubble sort over the ids in reverse, as TFLM fills its sort array from the tail), and
 * each goes into the first gap, by offset, among the placed buffers alive at the same
 * time, or after the last of them.
 */

export interface BufferRequest {
  /** Bytes, already aligned by the caller. */
  readonly size: number;
  /** First and last operator index (inclusive) during which the buffer must hold its data. */
  readonly firstUse: number;
  readonly lastUse: number;
}

export interface ArenaPlan {
  /** Offset of each requested buffer, in request order. */
  readonly offsets: readonly number[];
  /** The highest offset + size: what the arena's non-persistent head needs. */
  readonly bytes: number;
}

function overlapInTime(a: BufferRequest, b: BufferRequest): boolean {
  return !(a.firstUse > b.lastUse || b.firstUse > a.lastUse);
}

/** Ids largest first; equal sizes keep TFLM's order, which is by id descending. */
function placementOrder(requests: readonly BufferRequest[]): number[] {
  const ids = requests.map((_, id) => requests.length - 1 - id);
  let swapped = true;
  while (swapped) {
    swapped = false;
    for (let i = 1; i < ids.length; i++) {
      if (requests[ids[i - 1]!]!.size < requests[ids[i]!]!.size) {
        [ids[i - 1], ids[i]] = [ids[i]!, ids[i - 1]!];
        swapped = true;
      }
    }
  }
  return ids;
}

export function planArena(requests: readonly BufferRequest[]): ArenaPlan {
  const offsets = requests.map(() => 0);
  // Placed buffer ids, kept sorted by offset (a new one goes after those at the same offset).
  const byOffset: number[] = [];
  for (const id of placementOrder(requests)) {
    const wanted = requests[id]!;
    let candidate = 0;
    for (const placedId of byOffset) {
      const placed = requests[placedId]!;
      if (!overlapInTime(placed, wanted)) continue;
      const gap = offsets[placedId]! - candidate;
      if (gap >= wanted.size) break;
      candidate = Math.max(candidate, offsets[placedId]! + placed.size);
    }
    offsets[id] = candidate;
    const insertAt = byOffset.findIndex((placedId) => offsets[placedId]! > candidate);
    byOffset.splice(insertAt === -1 ? byOffset.length : insertAt, 0, id);
  }
  const bytes = requests.reduce((max, request, id) => Math.max(max, offsets[id]! + request.size), 0);
  return { offsets, bytes };
}
