/**
 * The trusted clock on a fake wall clock and a fake monotonic clock: jumps of ±1 h and ±1 day are
 * flagged once, the trusted time keeps running on the monotonic clock, small NTP steps are taken
 * forwards only, and the three anchors (restart mark, hub, manager) move it.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/main/core/clock';
import { uuidv7Generator } from '../../../src/main/core/ids';
import { linuxBootTime, TrustedClock, type ClockChange } from '../../../src/main/core/trustedClock';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-11-29T08:00:00.000Z');

function rig() {
  const wall = fixedClock(new Date(START));
  let mono = 1_000_000;
  const clock = new TrustedClock({ wall, monotonic: () => mono });
  const changes: ClockChange[] = [];
  clock.onChange((c) => changes.push(c));
  /** Real time passes: both clocks move together. */
  const pass = (ms: number) => {
    mono += ms;
    wall.advance(ms);
  };
  return { wall, clock, changes, pass };
}

/** With a boot-time source that, unlike the monotonic clock, runs on while the machine sleeps. */
function sleepRig(withBoot = true) {
  const wall = fixedClock(new Date(START));
  let mono = 1_000_000;
  let boot = 40_000_000;
  const clock = new TrustedClock({ wall, monotonic: () => mono, bootTime: withBoot ? () => boot : null });
  const changes: ClockChange[] = [];
  clock.onChange((c) => changes.push(c));
  const pass = (ms: number) => {
    mono += ms;
    boot += ms;
    wall.advance(ms);
  };
  /** The machine is suspended: boot time and the wall clock (the RTC) go on, the monotonic clock stops. */
  const sleep = (ms: number) => {
    boot += ms;
    wall.advance(ms);
  };
  return { wall, clock, changes, pass, sleep };
}

describe('TrustedClock', () => {
  it.each([
    ['-1 h', -HOUR],
    ['+1 h', HOUR],
    ['-1 day', -DAY],
    ['+1 day', DAY],
  ])('a wall clock jump of %s is flagged once and the trusted time keeps going', (_name, jump) => {
    const { wall, clock, changes, pass } = rig();
    pass(10_000);
    expect(clock.read()).toBe(START + 10_000);
    wall.advance(jump);
    pass(1_000);
    expect(clock.read()).toBe(START + 11_000);
    for (let i = 0; i < 100; i++) {
      pass(500);
      clock.read();
    }
    expect(clock.read()).toBe(START + 61_000);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'wall_jump', sizeMs: jump, trustedBeforeMs: START + 11_000, trustedAfterMs: START + 11_000 });
    expect(clock.wallOffsetMs()).toBe(jump);
  });

  it('trusted time never goes back: small steps forward are followed, small steps back are not', () => {
    const { wall, clock, changes, pass } = rig();
    wall.advance(30_000); // NTP steps forward 30 s
    expect(clock.read()).toBe(START + 30_000);
    wall.advance(-60_000); // and back a minute: still within the threshold, not followed
    pass(1_000);
    expect(clock.read()).toBe(START + 31_000);
    expect(changes).toEqual([]);
    let last = 0;
    for (let i = 0; i < 50; i++) {
      wall.advance(i % 2 ? -20_000 : 19_000);
      const t = clock.read();
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
    }
  });

  it('a second jump while flagged is flagged again; the wall clock set right lifts the flag', () => {
    const { wall, clock, changes } = rig();
    wall.advance(DAY);
    clock.read();
    wall.advance(HOUR);
    clock.read();
    clock.read();
    wall.advance(-DAY - HOUR);
    clock.read();
    expect(changes.map((c) => [c.kind, c.sizeMs])).toEqual([
      ['wall_jump', DAY],
      ['wall_jump', HOUR],
      ['wall_recovered', 0],
    ]);
    expect(clock.wallOffsetMs()).toBeNull();
  });

  it('restart behind the high-water mark starts one past the mark and flags it', () => {
    const { clock, changes } = rig();
    const mark = START + DAY;
    const c = clock.restore({ highWaterMs: mark, offsetMs: null });
    expect(c).toMatchObject({ kind: 'behind_mark', trustedAfterMs: mark + 1, sizeMs: -DAY });
    expect(changes).toHaveLength(1);
    expect(clock.read()).toBe(mark + 1);
    expect(clock.wallOffsetMs()).toBe(-DAY - 1);
    expect(clock.source()).toBe('high_water');
  });

  it('restart keeps correcting a wall clock that was flagged before it (persisted offset)', () => {
    const { clock, changes } = rig();
    // Before the restart the system clock was a day fast and flagged; it still is.
    expect(clock.restore({ highWaterMs: START - DAY - 5_000, offsetMs: -DAY })).toBeNull();
    expect(clock.read()).toBe(START - DAY);
    expect(clock.wallOffsetMs()).toBe(DAY);
    expect(changes).toEqual([]);
  });

  it('restart after the slow wall clock was set right while the gate was off: the old correction is dropped', () => {
    const { clock, changes } = rig();
    // Before: the wall clock was a day slow (offset +1 day) and the mark is an hour ago by real time.
    const c = clock.restore({ highWaterMs: START - HOUR, offsetMs: DAY });
    expect(c).toMatchObject({ kind: 'wall_recovered', sizeMs: -DAY });
    expect(changes.map((x) => x.kind)).toEqual(['wall_recovered']);
    expect(clock.read()).toBe(START);
    expect(clock.wallOffsetMs()).toBeNull();
  });

  it('restart just after a clean stop is silent', () => {
    const { clock, changes } = rig();
    expect(clock.restore({ highWaterMs: START - 5_000, offsetMs: null })).toBeNull();
    expect(clock.read()).toBe(START);
    expect(clock.wallOffsetMs()).toBeNull();
    expect(changes).toEqual([]);
  });

  it('the hub corrects the trusted time; a flagged wall clock that agrees with the hub is accepted', () => {
    const { wall, clock, changes, pass } = rig();
    // Booted a day fast with nobody to say so.
    wall.advance(DAY);
    clock.restore({ highWaterMs: null, offsetMs: null });
    expect(clock.read()).toBe(START + DAY);
    const c = clock.anchorToHub(START, START + DAY);
    expect(c).toMatchObject({ kind: 'hub_correction', sizeMs: -DAY });
    expect(clock.read()).toBe(START);
    expect(clock.wallOffsetMs()).toBe(DAY);
    // Someone sets the system clock right; the wall clock first reads as recovered.
    wall.advance(-DAY);
    pass(1_000);
    expect(clock.read()).toBe(START + 1_000);
    expect(changes.at(-1)?.kind).toBe('wall_recovered');
    // Hub within the threshold: nothing to do.
    expect(clock.anchorToHub(START + 1_500, START + 1_000)).toBeNull();
  });

  it('a wall jump the hub confirms: the hub correction lifts the flag', () => {
    const { wall, clock, changes } = rig();
    wall.advance(HOUR); // the system clock was an hour slow and has just been fixed
    clock.read();
    const c = clock.anchorToHub(START + HOUR, START);
    // The hub says our trusted time is an hour behind: a correction that also lifts the flag.
    expect(c).toMatchObject({ kind: 'hub_correction', sizeMs: HOUR });
    expect(clock.wallOffsetMs()).toBeNull();
    expect(changes.map((x) => x.kind)).toEqual(['wall_jump', 'hub_correction']);
  });

  it('a manager accepting the system clock moves the trusted time to it, even backwards', () => {
    const { wall, clock } = rig();
    wall.advance(-DAY);
    clock.read();
    const c = clock.acceptWall();
    expect(c).toMatchObject({ kind: 'accepted', sizeMs: -DAY });
    expect(clock.read()).toBe(START - DAY);
    expect(clock.source()).toBe('manager');
    expect(clock.wallOffsetMs()).toBeNull();
  });

  it('UUIDv7 ids from the trusted clock stay strictly increasing across jumps either way', () => {
    const { wall, clock, pass } = rig();
    const newId = uuidv7Generator(clock);
    const ids: string[] = [];
    for (const jump of [-HOUR, HOUR, -DAY, DAY, -DAY]) {
      for (let i = 0; i < 200; i++) {
        ids.push(newId());
        if (i % 7 === 0) pass(1);
      }
      wall.advance(jump);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  // Restarts with a persisted correction: real time now is START, the mark was written `off` ago.
  describe('restore with a persisted correction, both signs', () => {
    it('a fast wall clock set right while the gate was off 8 h: the old correction is dropped, nothing flagged', () => {
      const { clock, changes } = rig(); // the wall clock reads real time
      const c = clock.restore({ highWaterMs: START - 8 * HOUR, offsetMs: -DAY });
      expect(c).toMatchObject({ kind: 'wall_recovered', trustedBeforeMs: START - DAY, trustedAfterMs: START, sizeMs: DAY });
      expect(changes.map((x) => x.kind)).toEqual(['wall_recovered']);
      expect(clock.read()).toBe(START);
      expect(clock.wallOffsetMs()).toBeNull();
      expect(clock.source()).toBe('system');
    });

    it('a fast wall clock still fast after 8 h off keeps its correction', () => {
      const { wall, clock, changes } = rig();
      wall.advance(DAY);
      expect(clock.restore({ highWaterMs: START - 8 * HOUR, offsetMs: -DAY })).toBeNull();
      expect(clock.read()).toBe(START);
      expect(clock.wallOffsetMs()).toBe(DAY);
      expect(changes).toEqual([]);
    });

    it('a fast wall clock restarted at once, its error moved 90 s since it was flagged: the correction is kept', () => {
      const { wall, clock, changes } = rig();
      wall.advance(DAY); // a day fast now; flagged as a day and 90 s fast (within the threshold, not re-flagged)
      expect(clock.restore({ highWaterMs: START - 1_000, offsetMs: -(DAY + 90_000) })).toBeNull();
      // wall + offset is 90 s behind the mark: within the threshold, so it starts one past the mark.
      expect(clock.read()).toBe(START - 1_000 + 1);
      expect(clock.wallOffsetMs()).toBe(DAY + 1_000 - 1);
      expect(changes).toEqual([]);
    });

    it('a fast wall clock set behind the mark while off: starts past the mark, flagged behind_mark', () => {
      const { wall, clock } = rig();
      wall.advance(-DAY);
      const c = clock.restore({ highWaterMs: START - 8 * HOUR, offsetMs: -DAY });
      expect(c).toMatchObject({ kind: 'behind_mark', trustedAfterMs: START - 8 * HOUR + 1 });
      expect(clock.wallOffsetMs()).toBe(-16 * HOUR - 1);
    });

    it('a slow wall clock still slow after 8 h off keeps its correction', () => {
      const { wall, clock, changes } = rig();
      wall.advance(-DAY);
      expect(clock.restore({ highWaterMs: START - 8 * HOUR, offsetMs: DAY })).toBeNull();
      expect(clock.read()).toBe(START);
      expect(clock.wallOffsetMs()).toBe(-DAY);
      expect(changes).toEqual([]);
    });

    it('documented limit: off longer than the error, the mark cannot tell a wall clock set right from one still wrong', () => {
      // Fast by a day, set right, off 2 days: the correction is kept (a day behind, but flagged: the banner shows).
      const fast = rig();
      fast.clock.restore({ highWaterMs: START - 2 * DAY, offsetMs: -DAY });
      expect(fast.clock.read()).toBe(START - DAY);
      expect(fast.clock.wallOffsetMs()).toBe(DAY);
      // Slow by a day, still slow, off 2 days: the correction is dropped (a day behind, not flagged).
      const slow = rig();
      slow.wall.advance(-DAY);
      slow.clock.restore({ highWaterMs: START - 2 * DAY, offsetMs: DAY });
      expect(slow.clock.read()).toBe(START - DAY);
      expect(slow.clock.wallOffsetMs()).toBeNull();
    });
  });

  describe('suspend and resume', () => {
    it('8 h asleep: the trusted time moves on by the sleep, nothing flagged, one resumed change', () => {
      const { clock, changes, pass, sleep } = sleepRig();
      pass(10_000);
      sleep(8 * HOUR);
      expect(clock.read()).toBe(START + 10_000 + 8 * HOUR);
      expect(clock.wallOffsetMs()).toBeNull();
      expect(changes).toEqual([expect.objectContaining({ kind: 'resumed', sizeMs: 8 * HOUR, trustedBeforeMs: START + 10_000 })]);
      pass(1_000);
      expect(clock.read()).toBe(START + 11_000 + 8 * HOUR);
      expect(changes).toHaveLength(1);
    });

    it('asleep, and NTP steps the wall clock 30 s at resume: the wall clock is taken', () => {
      const { wall, clock, changes, sleep } = sleepRig();
      sleep(HOUR);
      wall.advance(30_000);
      expect(clock.read()).toBe(START + HOUR + 30_000);
      expect(changes.map((c) => c.kind)).toEqual(['resumed']);
    });

    it('asleep an hour and the wall clock set a day ahead as well: on by the hour, the day flagged', () => {
      const { wall, clock, changes, sleep } = sleepRig();
      sleep(HOUR);
      wall.advance(DAY);
      expect(clock.read()).toBe(START + HOUR);
      expect(changes.map((c) => [c.kind, c.sizeMs])).toEqual([
        ['resumed', HOUR],
        ['wall_jump', DAY],
      ]);
      expect(clock.wallOffsetMs()).toBe(DAY);
    });

    it('asleep while the wall clock is flagged: on by the sleep, the flag stays as it was', () => {
      const { wall, clock, changes, pass, sleep } = sleepRig();
      wall.advance(DAY);
      clock.read();
      pass(1_000);
      sleep(3 * HOUR);
      expect(clock.read()).toBe(START + 1_000 + 3 * HOUR);
      expect(clock.wallOffsetMs()).toBe(DAY);
      expect(changes.map((c) => [c.kind, c.sizeMs])).toEqual([
        ['wall_jump', DAY],
        ['resumed', 3 * HOUR],
      ]);
    });

    it('a forward jump while awake is still a jump with a boot-time source', () => {
      const { wall, clock, changes, pass } = sleepRig();
      pass(5_000);
      wall.advance(HOUR);
      expect(clock.read()).toBe(START + 5_000);
      expect(changes.map((c) => [c.kind, c.sizeMs])).toEqual([['wall_jump', HOUR]]);
    });

    it('short sleeps the wall clock already explained do not add up to a later one', () => {
      const { clock, changes, pass, sleep } = sleepRig();
      for (let i = 0; i < 10; i++) {
        sleep(90_000); // under the threshold: the wall clock is followed forwards
        pass(61_000);
        clock.read();
      }
      sleep(HOUR);
      const t = clock.read();
      expect(t).toBe(START + 10 * 151_000 + HOUR);
      expect(clock.wallOffsetMs()).toBeNull();
      expect(changes.map((c) => c.kind)).toEqual(['resumed']);
    });

    it('without a boot-time source (Windows, macOS) a sleep still reads as a wall jump', () => {
      const { clock, changes, sleep } = sleepRig(false);
      sleep(HOUR);
      expect(clock.read()).toBe(START);
      expect(changes.map((c) => [c.kind, c.sizeMs])).toEqual([['wall_jump', HOUR]]);
    });

    it.runIf(process.platform === 'linux')('Linux boot time reads /proc/uptime as milliseconds', () => {
      const ms = linuxBootTime();
      expect(ms).not.toBeNull();
      expect(ms!).toBeGreaterThan(0);
      expect(Math.round(ms!) % 10).toBe(0); // 10 ms resolution: whole hundredths of a second
    });
  });
});
