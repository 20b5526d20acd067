import { quantity as quantitySyntax, parseQuantity } from '../validate/rules/syntax';

/**
 * A storage or memory size. Build one with `Size.gibibytes(10)` or parse a Kubernetes quantity
 * with `Size.parse('10Gi')`; props that take a size also accept the quantity string directly.
 */
export class Size {
  public static kibibytes(n: number): Size { return Size.unit(n, 'Ki'); }
  public static mebibytes(n: number): Size { return Size.unit(n, 'Mi'); }
  public static gibibytes(n: number): Size { return Size.unit(n, 'Gi'); }
  public static tebibytes(n: number): Size { return Size.unit(n, 'Ti'); }

  /** Parses a Kubernetes quantity ('512Mi', '10Gi', '1G'); throws on anything else ('10 GB'). */
  public static parse(value: string): Size {
    const problems = quantitySyntax(value);
    if (problems.length > 0) {
      throw new Error(`Size ${JSON.stringify(value)} is not a Kubernetes quantity: ${problems.join('; ')}. ` +
        "Use a number with a binary suffix such as '512Mi' or '10Gi' (no space), or Size.gibibytes(10)");
    }
    const bytes = parseQuantity(value)!;
    if (bytes <= 0) throw new Error(`Size ${JSON.stringify(value)} must be positive`);
    return new Size(value, bytes);
  }

  private static unit(n: number, suffix: string): Size {
    if (!Number.isInteger(n) || n <= 0) {
      throw new Error(`Size ${n}${suffix} is invalid: the amount must be a positive integer. Use a smaller unit for fractions (Size.mebibytes(512))`);
    }
    return Size.parse(`${n}${suffix}`);
  }

  private constructor(
    /** The Kubernetes quantity string, as written in the output. */
    public readonly quantity: string,
    /** The size in bytes. */
    public readonly bytes: number,
  ) {}

  public toString(): string { return this.quantity; }
}

/** A size prop: a {@link Size} or a quantity string such as '10Gi'. */
export type SizeLike = Size | string;

/** Normalises a {@link SizeLike}; throws the {@link Size.parse} error for a bad string. */
export function toSize(value: SizeLike): Size {
  return typeof value === 'string' ? Size.parse(value) : value;
}

/** A span of time, rendered in whole seconds where Kubernetes expects `...Seconds` fields. */
export class Duration {
  public static seconds(n: number): Duration { return new Duration(n); }
  public static minutes(n: number): Duration { return new Duration(n * 60); }
  public static hours(n: number): Duration { return new Duration(n * 3600); }
  public static days(n: number): Duration { return new Duration(n * 86400); }

  private constructor(private readonly totalSeconds: number) {
    if (!Number.isFinite(totalSeconds) || totalSeconds < 0 || !Number.isInteger(totalSeconds)) {
      throw new Error(`Duration of ${totalSeconds}s is invalid: must be a whole, non-negative number of seconds`);
    }
  }

  public toSeconds(): number { return this.totalSeconds; }

  /** A Go duration string ('1h0m0s' style, shortened: '1h', '90s') for CRD fields such as refreshInterval. */
  public toGoString(): string {
    let s = this.totalSeconds;
    if (s === 0) return '0s';
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
  }
}
