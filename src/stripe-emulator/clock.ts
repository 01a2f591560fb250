import { ControlError } from './errors';

export const DAY = 86_400;

/**
 * The emulator's virtual time, in Unix seconds. It runs with real time plus an offset that
 * only ever grows, so tests can jump ahead (trial ends, renewals) but never back. It stamps
 * `created` on new objects and events; webhook signatures use real time instead.
 */
export class VirtualClock {
  private offsetSeconds = 0;

  now(): number {
    return Math.floor(Date.now() / 1000) + this.offsetSeconds;
  }

  /** Checks a forward move and returns its target, without moving yet. */
  target(move: { seconds?: number; to?: number }): number {
    const now = this.now();
    const target = move.to ?? now + (move.seconds ?? 0);
    if (!Number.isInteger(target)) throw new ControlError(400, 'Give "seconds" or "to" as integers.');
    if (target < now) throw new ControlError(400, `The clock only moves forward: ${target} is before now (${now}).`);
    return target;
  }

  moveTo(target: number): void {
    this.offsetSeconds += Math.max(0, target - this.now());
  }

  get offset(): number {
    return this.offsetSeconds;
  }

  /** Restores a saved offset; never lets time run backwards past a saved "now". */
  restore(offsetSeconds: number, savedNow: number): void {
    this.offsetSeconds = offsetSeconds;
    this.moveTo(savedNow);
  }
}
