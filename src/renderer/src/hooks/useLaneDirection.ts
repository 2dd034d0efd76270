import { useCallback, useEffect, useRef, useState } from 'react';
import type { Direction } from '../../../shared/domain';
import { useGate, useReportError } from './gateContext';
import { useOnReconnect } from './useReconnect';

/**
 * The lane (in/out) chosen on screen, shared with the core so that scans from serial and HID
 * scanners take it too. The screen changes at once (a wedge scan right after the tap must use the
 * new lane); the core follows. Another screen's change arrives as `gate:direction`.
 */
export function useLaneDirection(): [Direction, (next: Direction) => void] {
  const { client, info } = useGate();
  const reportError = useReportError();
  const [direction, setDirection] = useState<Direction>(info.direction);
  // A refreshed gate:info (e.g. after a roster import) carries the core's lane as well.
  const [infoDirection, setInfoDirection] = useState<Direction>(info.direction);
  if (info.direction !== infoDirection) {
    setInfoDirection(info.direction);
    setDirection(info.direction);
  }

  const latest = useRef(direction);
  useEffect(() => {
    latest.current = direction;
  }, [direction]);

  // While our own changes are in flight their echoes would flip the toggle back and forth on a
  // quick in-out-in; the answer to the last one settles it.
  const inFlight = useRef(0);
  const seq = useRef(0);

  useEffect(
    () =>
      client.on('gate:direction', (e) => {
        if (inFlight.current === 0) setDirection(e.direction);
      }),
    [client],
  );

  const push = useCallback(
    async (next: Direction) => {
      const mine = ++seq.current;
      inFlight.current += 1;
      try {
        const answer = await client.call('gate:setDirection', { direction: next });
        if (mine === seq.current) setDirection(answer.direction);
      } catch (err) {
        // The screen keeps the guard's choice; it is sent again when the link comes back.
        reportError(err);
      } finally {
        inFlight.current -= 1;
      }
    },
    [client, reportError],
  );

  const choose = useCallback(
    (next: Direction) => {
      setDirection(next);
      void push(next);
    },
    [push],
  );

  // A restarted core starts on "in"; the lane on screen is what the guard chose.
  useOnReconnect(useCallback(() => void push(latest.current), [push]));

  return [direction, choose];
}
