import { readFileSync } from 'node:fs';

export interface Dockerfile {
  readonly text: string;
  /** One line per instruction (continuation lines joined), comments and blank lines left out. */
  readonly instructions: readonly string[];
  /** The instructions of the last stage (from its FROM on): what the image is. */
  readonly finalStage: readonly string[];
}

export function readDockerfile(path: string): Dockerfile {
  const text = readFileSync(path, 'utf8');
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => /^[A-Z]+\s/.test(line));
  const finalStage = instructions.slice(instructions.findLastIndex((line) => line.startsWith('FROM ')));
  return { text, instructions, finalStage };
}
