// Words typed without the spaces between them ("canispeak", "talktoahuman", "lockedout"), read as the words they are.

/** Shortest run-together word read apart: below this, a word is more likely a slip or a code than several words. */
export const RUN_TOGETHER_MIN = 5;
/** Longest word read apart (a pasted token or a long code is no sentence) and most words one may hold. */
const MAX_LENGTH = 40;
const MAX_PIECES = 5;

/**
 * Words of one or two letters a piece may be: function words people run together ("i", "to", "me"). Any other piece has
 * three letters or more, so a slip ("acount") is not read as "a" and a rare two-letter word.
 */
const SHORT = new Set(['a', 'i', 'u', 'am', 'an', 'as', 'at', 'be', 'by', 'do', 'go', 'he', 'if', 'in', 'is', 'it', 'me', 'my', 'no', 'of', 'on', 'or', 'so', 'to', 'up', 'us', 'we']);

/**
 * Reads a word that no list or dictionary knows as the known words it is made of, when it is exactly those words run
 * together: "canispeak" is "can i speak", "putmethrough" "put me through". The fewest pieces win, and among as few the
 * one whose pieces are longest ("helpdesk" before "help desk" only when "helpdesk" is not known itself, which the caller
 * checks). A word that cannot be cut into known words is undefined: a slip of the fingers is for the spelling corrector.
 */
export class RunTogether {
  /** @param known whether a piece is a word to read a run-together word as */
  constructor(private readonly known: (word: string) => boolean) {}

  /** The words the word is made of, or undefined when it is not several known words run together. */
  split(word: string): string[] | undefined {
    if (word.length < RUN_TOGETHER_MIN || word.length > MAX_LENGTH || !/^[a-z]+$/.test(word)) return undefined;
    const n = word.length;
    // best[i]: the best reading of the first i letters, as [pieces, sum of squared lengths, where the last piece starts]
    const best: ([number, number, number] | undefined)[] = new Array(n + 1).fill(undefined);
    best[0] = [0, 0, 0];
    for (let end = 1; end <= n; end++) {
      for (let start = 0; start < end; start++) {
        const before = best[start];
        if (!before || before[0] >= MAX_PIECES) continue;
        const piece = word.slice(start, end);
        if (!this.piece(piece)) continue;
        const pieces = before[0] + 1;
        const square = before[1] + piece.length * piece.length;
        const now = best[end];
        if (!now || pieces < now[0] || (pieces === now[0] && square > now[1])) best[end] = [pieces, square, start];
      }
    }
    const whole = best[n];
    if (!whole || whole[0] < 2) return undefined;
    const out: string[] = [];
    for (let end = n; end > 0; ) {
      const start = (best[end] as [number, number, number])[2];
      out.unshift(word.slice(start, end));
      end = start;
    }
    return out;
  }

  private piece(piece: string): boolean {
    return piece.length < 3 ? SHORT.has(piece) : this.known(piece);
  }
}
