import { useEffect, useRef } from 'react';
import { WedgeDetector, type WedgeScan } from './wedge';

type FieldSnapshot = {
  el: HTMLInputElement | HTMLTextAreaElement;
  value: string;
  start: number | null;
  end: number | null;
};

function snapshotFocusedField(): FieldSnapshot | null {
  const el = document.activeElement;
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return null;
  return { el, value: el.value, start: safeSelection(el, 'start'), end: safeSelection(el, 'end') };
}

/** `type=number` inputs have no selection and throw or return null depending on the engine. */
function safeSelection(el: HTMLInputElement | HTMLTextAreaElement, which: 'start' | 'end'): number | null {
  try {
    return which === 'start' ? el.selectionStart : el.selectionEnd;
  } catch {
    return null;
  }
}

/**
 * Puts a field back as it was before the burst. Restoring the snapshot (rather than cutting the
 * code out of the value) also covers fields that filtered some scanned characters, such as
 * number inputs. The native setter plus an `input` event is what lets React's onChange see it.
 */
function restoreField(snap: FieldSnapshot): void {
  const { el } = snap;
  if (!el.isConnected || el.value === snap.value) return;
  const proto =
    el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(el, snap.value);
  else el.value = snap.value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  if (snap.start !== null && snap.end !== null) {
    try {
      el.setSelectionRange(snap.start, snap.end);
    } catch {
      // Field types without a selection; the value is what matters.
    }
  }
}

/**
 * Listens for keyboard-wedge scans on the whole window (capture phase, so no input can swallow
 * them first) and hands each code to `onScan`. A scan that lands in a text field is taken back
 * out of it, and its Enter/Tab suffix does not submit a form or move focus.
 */
export function useWedgeScanner(onScan: (code: string) => void, enabled = true): void {
  const onScanRef = useRef(onScan);
  useEffect(() => {
    onScanRef.current = onScan;
  }, [onScan]);

  useEffect(() => {
    if (!enabled) return undefined;
    const detector = new WedgeDetector();
    let snapshot: FieldSnapshot | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;

    const deliver = (scan: WedgeScan): void => {
      if (snapshot && snapshot.el === document.activeElement) restoreField(snapshot);
      snapshot = null;
      try {
        onScanRef.current(scan.code);
      } catch (err) {
        console.error('scan handler failed', err);
      }
    };

    const onTimer = (): void => {
      timer = null;
      const scan = detector.flush(performance.now());
      if (scan) deliver(scan);
    };

    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.isComposing) return;
      // Auto-repeat of a held key runs at scanner speed; shortcuts are never part of a code.
      if (event.repeat || event.ctrlKey || event.altKey || event.metaKey) {
        detector.reset();
        snapshot = null;
        return;
      }
      const scan = detector.feed(event.key, event.timeStamp);
      if (scan) {
        if (scan.endedBy === 'suffix') {
          event.preventDefault();
          event.stopPropagation();
        }
        deliver(scan);
      }
      // Keydown runs before the character is inserted, so this is the field as it was before the
      // burst (and after any restore that a silence-completed scan just did).
      if (detector.buffer.length === 1) snapshot = snapshotFocusedField();
      else if (detector.buffer.length === 0) snapshot = null;
      if (timer) clearTimeout(timer);
      timer = detector.buffer.length > 0 ? setTimeout(onTimer, 105) : null;
    };

    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      if (timer) clearTimeout(timer);
    };
  }, [enabled]);
}
