/** Reports are readable at 100 columns. */
export const width = 100;

/** Wrap `text` to the report width; every line starts with `indent`. */
export function wrap(text: string, indent: string): string[] {
    const lines: string[] = [];
    let line = indent;
    for (const word of text.split(/\s+/).filter((w) => w !== "")) {
        if (line.trim() !== "" && line.length + 1 + word.length > width) {
            lines.push(line);
            line = indent;
        }
        line += (line.trim() === "" ? "" : " ") + word;
    }
    if (line.trim() !== "") {
        lines.push(line);
    }
    return lines;
}
