/**
 * Go 1.23's `sort.Sort` (kubectl 1.32 is built with go1.23.8): pattern-defeating quicksort (since Go
 * 1.19), not stable. A port of golang/go src/sort/zsortinterface.go and of `Sort`, `xorshift` and
 * `nextPowerOfTwo` in src/sort/sort.go, statement for statement: it asks `less` and calls `swap` on the
 * same indexes in the same order as Go does, so that even an inconsistent `less` (kubectl's "a missing
 * value is less than anything, itself included") ends in Go's order.
 */
export type Less = (i: number, j: number) => boolean;
export type Swap = (i: number, j: number) => void;

interface Data {
  less: Less;
  swap: Swap;
}

/** What the pivot's samples suggest about data[a:b]. */
type Hint = 'unknown' | 'increasing' | 'decreasing';

/** `sort.Sort(data)` for a collection of `length` elements. */
export function goSort(length: number, less: Less, swap: Swap): void {
  if (length <= 1) return;
  pdqsort({ less, swap }, 0, length, bitsLen(length));
}

/** `bits.Len(uint(x))`: the number of bits needed to represent x (x < 2^32 here). */
const bitsLen = (x: number): number => 32 - Math.clz32(x);

/** Go's integer division of non-negative ints. */
const div = (a: number, b: number): number => Math.floor(a / b);

function insertionSort(data: Data, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && data.less(j, j - 1); j--) data.swap(j, j - 1);
  }
}

/** siftDown implements the heap property on data[lo:hi]; first is the offset of the heap's root. */
function siftDown(data: Data, lo: number, hi: number, first: number): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && data.less(first + child, first + child + 1)) child++;
    if (!data.less(first + root, first + child)) return;
    data.swap(first + root, first + child);
    root = child;
  }
}

function heapSort(data: Data, a: number, b: number): void {
  const first = a;
  const lo = 0;
  const hi = b - a;
  for (let i = div(hi - 1, 2); i >= 0; i--) siftDown(data, i, hi, first);
  for (let i = hi - 1; i >= 0; i--) {
    data.swap(first, first + i);
    siftDown(data, lo, i, first);
  }
}

/** pdqsort sorts data[a:b]; limit is the number of bad pivots allowed before falling back to heapsort. */
function pdqsort(data: Data, a: number, b: number, limit: number): void {
  const maxInsertion = 12;
  let wasBalanced = true; // whether the last partitioning was reasonably balanced
  let wasPartitioned = true; // whether the slice was already partitioned
  for (;;) {
    const length = b - a;
    if (length <= maxInsertion) {
      insertionSort(data, a, b);
      return;
    }
    if (limit === 0) {
      heapSort(data, a, b);
      return;
    }
    if (!wasBalanced) {
      breakPatterns(data, a, b);
      limit--;
    }

    let [pivot, hint] = choosePivot(data, a, b);
    if (hint === 'decreasing') {
      reverseRange(data, a, b);
      pivot = b - 1 - (pivot - a);
      hint = 'increasing';
    }
    // The slice is likely already sorted.
    if (wasBalanced && wasPartitioned && hint === 'increasing' && partialInsertionSort(data, a, b)) return;
    // Probably many elements equal the pivot: put them first, then sort the greater ones.
    if (a > 0 && !data.less(a - 1, pivot)) {
      a = partitionEqual(data, a, b, pivot);
      continue;
    }

    const [mid, alreadyPartitioned] = partition(data, a, b, pivot);
    wasPartitioned = alreadyPartitioned;
    const leftLen = mid - a;
    const rightLen = b - mid;
    const balanceThreshold = div(length, 8);
    if (leftLen < rightLen) {
      wasBalanced = leftLen >= balanceThreshold;
      pdqsort(data, a, mid, limit);
      a = mid + 1;
    } else {
      wasBalanced = rightLen >= balanceThreshold;
      pdqsort(data, mid + 1, b, limit);
      b = mid;
    }
  }
}

/**
 * One quicksort partition around p = data[pivot]: afterwards data[i] < p before the returned index,
 * data[j] >= p after it, and p at it.
 */
function partition(data: Data, a: number, b: number, pivot: number): [newPivot: number, alreadyPartitioned: boolean] {
  data.swap(a, pivot);
  let i = a + 1;
  let j = b - 1; // inclusive bounds of the elements left to partition
  while (i <= j && data.less(i, a)) i++;
  while (i <= j && !data.less(j, a)) j--;
  if (i > j) {
    data.swap(j, a);
    return [j, true];
  }
  data.swap(i, j);
  i++;
  j--;
  for (;;) {
    while (i <= j && data.less(i, a)) i++;
    while (i <= j && !data.less(j, a)) j--;
    if (i > j) break;
    data.swap(i, j);
    i++;
    j--;
  }
  data.swap(j, a);
  return [j, false];
}

/** Partitions data[a:b] (nothing in it less than data[pivot]) into elements equal to the pivot, then greater. */
function partitionEqual(data: Data, a: number, b: number, pivot: number): number {
  data.swap(a, pivot);
  let i = a + 1;
  let j = b - 1;
  for (;;) {
    while (i <= j && !data.less(a, i)) i++;
    while (i <= j && data.less(a, j)) j--;
    if (i > j) break;
    data.swap(i, j);
    i++;
    j--;
  }
  return i;
}

/** Partially sorts data[a:b]; reports whether it is sorted at the end. */
function partialInsertionSort(data: Data, a: number, b: number): boolean {
  const maxSteps = 5; // maximum number of adjacent out-of-order pairs that will get shifted
  const shortestShifting = 50; // don't shift any elements on short arrays
  let i = a + 1;
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !data.less(i, i - 1)) i++;
    if (i === b) return true;
    if (b - a < shortestShifting) return false;
    data.swap(i, i - 1);
    // Shift the smaller one to the left. (Go's loop runs down to 1, not to a.)
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!data.less(j, j - 1)) break;
        data.swap(j, j - 1);
      }
    }
    // Shift the greater one to the right.
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!data.less(j, j - 1)) break;
        data.swap(j, j - 1);
      }
    }
  }
  return false;
}

/**
 * Scatters three elements around the middle, chosen by a xorshift generator seeded with the length:
 * Go 1.23's shifts (13, 17, 5), which kubectl 1.32's orders confirm (some Go sources have 13, 7, 17).
 */
function breakPatterns(data: Data, a: number, b: number): void {
  const length = b - a;
  if (length < 8) return;
  let random = BigInt(length);
  const next = (): bigint => {
    random = BigInt.asUintN(64, random ^ (random << 13n));
    random ^= random >> 17n;
    random = BigInt.asUintN(64, random ^ (random << 5n));
    return random;
  };
  const mask = BigInt((1 << bitsLen(length)) - 1); // nextPowerOfTwo(length) - 1
  for (let idx = a + div(length, 4) * 2 - 1; idx <= a + div(length, 4) * 2 + 1; idx++) {
    let other = Number(next() & mask);
    if (other >= length) other -= length;
    data.swap(idx, a + other);
  }
}

/**
 * Chooses a pivot in data[a:b]: a static one below 8 elements, the median of three below 50, else
 * Tukey's ninther. The hint says whether the samples looked increasing or decreasing.
 */
function choosePivot(data: Data, a: number, b: number): [pivot: number, hint: Hint] {
  const shortestNinther = 50;
  const maxSwaps = 4 * 3;
  const l = b - a;
  const swaps = { count: 0 };
  let i = a + div(l, 4) * 1;
  let j = a + div(l, 4) * 2;
  let k = a + div(l, 4) * 3;
  if (l >= 8) {
    if (l >= shortestNinther) {
      i = median(data, i - 1, i, i + 1, swaps);
      j = median(data, j - 1, j, j + 1, swaps);
      k = median(data, k - 1, k, k + 1, swaps);
    }
    j = median(data, i, j, k, swaps);
  }
  if (swaps.count === 0) return [j, 'increasing'];
  return [j, swaps.count === maxSwaps ? 'decreasing' : 'unknown'];
}

/** order2 returns x, y where data[x] <= data[y], where x, y = a, b or b, a. */
function order2(data: Data, a: number, b: number, swaps: { count: number }): [number, number] {
  if (data.less(b, a)) {
    swaps.count++;
    return [b, a];
  }
  return [a, b];
}

/** The index, among a, b and c, of the median of data[a], data[b], data[c]. */
function median(data: Data, a: number, b: number, c: number, swaps: { count: number }): number {
  [a, b] = order2(data, a, b, swaps);
  [b, c] = order2(data, b, c, swaps);
  [a, b] = order2(data, a, b, swaps);
  return b;
}

function reverseRange(data: Data, a: number, b: number): void {
  for (let i = a, j = b - 1; i < j; i++, j--) data.swap(i, j);
}
