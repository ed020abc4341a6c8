/** One line of the description, with the lines under it. */
export interface Item {
  readonly text: string;
  readonly children?: Item[];
}

/** The longest line printed; longer text wraps, indented under its first line. */
export const MAX_WIDTH = 160;

export function item(text: string, children: Item[] = []): Item {
  return { text, children };
}

/** Renders items as indented lines, two spaces a level, wrapping at MAX_WIDTH. */
export function render(items: Item[], depth = 0): string[] {
  return items.flatMap(entry => [
    ...wrap(entry.text, '  '.repeat(depth), `${'  '.repeat(depth)}    `),
    ...render(entry.children ?? [], depth + 1),
  ]);
}

/** Splits `text` at spaces into lines of at most MAX_WIDTH characters (a longer word is cut). */
export function wrap(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(' ')) {
    if (!empty && `${line} ${word}`.length > MAX_WIDTH) {
      lines.push(line);
      line = rest + word;
      continue;
    }
    line = empty ? line + word : `${line} ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines.map(l => l.length > MAX_WIDTH ? l.slice(0, MAX_WIDTH - 1) + '…' : l).map(l => l.trimEnd());
}

/** `a, b and c`; the first `max` of a longer list, then `and N more`. */
export function list(values: string[], max = values.length): string {
  const shown = values.slice(0, max);
  const more = values.length - shown.length;
  const all = more > 0 ? [...shown, `${more} more`] : shown;
  return all.length <= 1 ? all.join('') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

/** `1 alarm`, `3 alarms`. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
