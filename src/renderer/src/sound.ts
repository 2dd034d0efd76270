/**
 * One distinct sound per check stage, so a guard who is looking at the person rather than the
 * screen still knows the outcome. Oscillators only: no audio files to ship or allow in the CSP.
 * Browsers block audio until a user gesture; every failure here is swallowed because a silent
 * kiosk is better than a broken one.
 */
import type { CheckStage } from '../../shared/domain';

type Tone = { freq: number; ms: number; gapMs: number; type: OscillatorType; gain: number };

const PATTERNS: Record<CheckStage, Tone[]> = {
  admit: [{ freq: 1320, ms: 160, gapMs: 0, type: 'sine', gain: 0.35 }],
  deny: [
    { freq: 180, ms: 260, gapMs: 120, type: 'square', gain: 0.25 },
    { freq: 180, ms: 260, gapMs: 120, type: 'square', gain: 0.25 },
    { freq: 180, ms: 260, gapMs: 0, type: 'square', gain: 0.25 },
  ],
  remeasure: [
    { freq: 660, ms: 150, gapMs: 120, type: 'triangle', gain: 0.35 },
    { freq: 660, ms: 150, gapMs: 0, type: 'triangle', gain: 0.35 },
  ],
  refer: [
    { freq: 880, ms: 180, gapMs: 40, type: 'sine', gain: 0.3 },
    { freq: 520, ms: 260, gapMs: 0, type: 'sine', gain: 0.3 },
  ],
  await_reading: [{ freq: 440, ms: 90, gapMs: 0, type: 'sine', gain: 0.2 }],
};

let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context) return context;
  const Ctor = globalThis.AudioContext as typeof AudioContext | undefined;
  if (!Ctor) return null;
  context = new Ctor();
  return context;
}

/** Two-tone siren, unlike any check sound: it repeats until a staff member acknowledges the alert. */
const ALARM: Tone[] = [
  { freq: 988, ms: 220, gapMs: 30, type: 'square', gain: 0.3 },
  { freq: 659, ms: 220, gapMs: 30, type: 'square', gain: 0.3 },
  { freq: 988, ms: 220, gapMs: 30, type: 'square', gain: 0.3 },
  { freq: 659, ms: 220, gapMs: 0, type: 'square', gain: 0.3 },
];

export function playStageSound(stage: CheckStage): void {
  // Recorded before anything can fail, so tests see which sound was asked for.
  if (typeof document !== 'undefined') document.body.dataset.lastSound = stage;
  playTones(PATTERNS[stage]);
}

export function playAlarmSound(): void {
  if (typeof document !== 'undefined') document.body.dataset.lastSound = 'alarm';
  playTones(ALARM);
}

function playTones(tones: readonly Tone[]): void {
  try {
    const ctx = audioContext();
    if (!ctx) return;
    if (ctx.state === 'suspended') ctx.resume().catch(() => undefined);
    let at = ctx.currentTime + 0.01;
    for (const tone of tones) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = tone.type;
      osc.frequency.value = tone.freq;
      const end = at + tone.ms / 1000;
      // Short ramps avoid the click of a square edge starting mid-cycle.
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(tone.gain, at + 0.01);
      gain.gain.setValueAtTime(tone.gain, end - 0.02);
      gain.gain.linearRampToValueAtTime(0, end);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(end);
      at = end + tone.gapMs / 1000;
    }
  } catch {
    // Audio is a convenience; the screen already shows the decision.
  }
}

/**
 * Creating an AudioContext blocks the main thread for ~200 ms in Chromium. Done lazily inside the
 * first keydown, that stall lands in the middle of the first scan and splits it into two bursts,
 * so the context is created at start-up and a gesture only resumes it.
 */
export function prepareAudio(): () => void {
  const warm = setTimeout(() => {
    try {
      audioContext();
    } catch {
      // No audio device; the kiosk stays silent.
    }
  }, 0);
  const unlock = (): void => {
    try {
      if (context && context.state === 'suspended') context.resume().catch(() => undefined);
    } catch {
      // Nothing to unlock.
    }
  };
  // Not `once`: a gesture that came before the context existed must not use up the unlock.
  window.addEventListener('pointerdown', unlock, { capture: true });
  window.addEventListener('keydown', unlock, { capture: true });
  return () => {
    clearTimeout(warm);
    window.removeEventListener('pointerdown', unlock, { capture: true });
    window.removeEventListener('keydown', unlock, { capture: true });
  };
}
