/**
 * The runs one detector sees: in its branch scope, oldest first, each a
 * private copy of the run facts so that broken-streak marks made in one
 * scope never leak into another. A streak of `k` or more consecutive final
 * failures is marked as it grows (causally: a streak shorter than k is not
 * yet breakage and still counts as flakiness evidence).
 */
import { inScope, type BranchScope } from './config.ts';
import type { RunFacts } from './run-facts.ts';

export class ScopedSequence {
  readonly runs: RunFacts[] = [];
  private streakStart = -1;

  constructor(
    private readonly scope: BranchScope,
    private readonly brokenAfter: number,
  ) {}

  /** Appends the run when it is in scope; returns whether it was. */
  push(facts: RunFacts): boolean {
    if (!inScope(this.scope, facts.run.branch)) return false;
    const copy: RunFacts = { ...facts, inBrokenStreak: false };
    this.runs.push(copy);
    const index = this.runs.length - 1;
    if (!copy.finalFailed) {
      this.streakStart = -1;
    } else {
      if (this.streakStart === -1) this.streakStart = index;
      if (index - this.streakStart + 1 >= this.brokenAfter) {
        for (let i = this.streakStart; i <= index; i++) this.runs[i]!.inBrokenStreak = true;
      }
    }
    return true;
  }

  /** Length of the current run of final failures. */
  failureStreak(): number {
    return this.streakStart === -1 ? 0 : this.runs.length - this.streakStart;
  }

  last(n: number): RunFacts[] {
    return this.runs.slice(-n);
  }
}
