import { useEffect } from 'react';
import { playAlarmSound } from '../sound';

/** Seconds between repeats: long enough to speak over, short enough not to be missed. */
const REPEAT_MS = 4000;

/**
 * Sounds the alarm while any alert is open, whichever tab is showing, until a staff member
 * acknowledges the last one. `data-alarm` on <body> says whether it is sounding (tests read it).
 */
export function useAlarm(openCount: number): void {
  const sounding = openCount > 0;
  useEffect(() => {
    document.body.dataset.alarm = sounding ? 'on' : 'off';
    if (!sounding) return undefined;
    playAlarmSound();
    const id = setInterval(playAlarmSound, REPEAT_MS);
    return () => clearInterval(id);
  }, [sounding]);
}
