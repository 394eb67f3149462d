/** Allocation-free reading of ASCII digits, for the date and JSON hot paths (no slicing, no regex). */

export function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Whether `value[from..to)` is all ASCII digits. */
export function isDigitRun(value: string, from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) {
    if (!isAsciiDigit(value.charCodeAt(index))) {
      return false;
    }
  }
  return true;
}

/** The number written by the digits `value[from..to)` (checked by `isDigitRun`). */
export function digitsAt(value: string, from: number, to: number): number {
  let number = 0;
  for (let index = from; index < to; index += 1) {
    number = number * 10 + (value.charCodeAt(index) - 48);
  }
  return number;
}
