import type { ReactElement } from 'react';

/** The fills that tell bars apart without colour: hatched augmentation, dotted courses. */
export function ChartPatterns(): ReactElement {
  return (
    <defs>
      <pattern id="hatch-augmentation" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#d9e6f5" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#2f5d8a" strokeWidth="2" />
      </pattern>
      <pattern id="dots-course" width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#efe4f7" />
        <circle cx="3" cy="3" r="1.4" fill="#5b2a86" />
      </pattern>
    </defs>
  );
}
