import { Injectable } from '@nestjs/common';

/** The time source. Injected everywhere time matters so tests can move it. */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: shift this process's notion of now. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
