/**
 * Counts one detector's events over a sliding time window and says when
 * there are enough of them to flag a test, returning the evidence (the run
 * ids of every event in the window).
 */
export class EventWindow {
  private readonly events: Array<{ at: number; evidence: string[] }> = [];

  constructor(
    private readonly windowMs: number,
    private readonly minOccurrences: number,
  ) {}

  /** Records `evidence` (null = no event this run) and returns the window's evidence when it reaches the threshold. */
  add(at: number, evidence: string[] | null): string[] | null {
    while (this.events.length > 0 && this.events[0]!.at < at - this.windowMs) this.events.shift();
    if (!evidence) return null;
    this.events.push({ at, evidence });
    if (this.events.length < this.minOccurrences) return null;
    return [...new Set(this.events.flatMap((e) => e.evidence))];
  }
}
