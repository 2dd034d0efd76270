import { useCallback, useEffect, useRef, useState } from 'react';
import type { MediaDeviceLike } from './devices';
import { stateOfError, type CameraState } from './status';

export type CameraListState = {
  /** null until listed. */
  devices: MediaDeviceLike[] | null;
  /** Why listing or asking failed, as a camera state the catalogue has words for. */
  problem: CameraState | null;
  asking: boolean;
  /** Lists again; with `ask`, first opens (and at once closes) a camera so names and ids show. */
  refresh: (ask: boolean) => Promise<void>;
};

const mediaDevices = (): MediaDevices | undefined =>
  typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;

/** The video inputs the browser knows, kept current when cameras are plugged in or out. */
export function useCameraList(): CameraListState {
  const [devices, setDevices] = useState<MediaDeviceLike[] | null>(null);
  const [problem, setProblem] = useState<CameraState | null>(null);
  const [asking, setAsking] = useState(false);
  const live = useRef(true);

  const list = useCallback(async (): Promise<void> => {
    const media = mediaDevices();
    try {
      if (!media?.enumerateDevices) throw new DOMException('no media devices', 'NotSupportedError');
      const found = await media.enumerateDevices();
      if (!live.current) return;
      setDevices(found.map(({ kind, deviceId, label }) => ({ kind, deviceId, label })));
      setProblem(null);
    } catch (err) {
      if (!live.current) return;
      setDevices([]);
      setProblem(media?.enumerateDevices ? stateOfError(err) : 'unsupported');
    }
  }, []);

  const refresh = useCallback(
    async (ask: boolean): Promise<void> => {
      const media = mediaDevices();
      if (ask && media?.getUserMedia) {
        setAsking(true);
        try {
          const stream = await media.getUserMedia({ video: true, audio: false });
          for (const track of stream.getTracks()) track.stop();
        } catch (err) {
          if (live.current) setProblem(stateOfError(err));
          return;
        } finally {
          if (live.current) setAsking(false);
        }
      }
      await list();
    },
    [list],
  );

  useEffect(() => {
    live.current = true;
    const media = mediaDevices();
    const relist = (): void => void list();
    relist();
    media?.addEventListener?.('devicechange', relist);
    return () => {
      live.current = false;
      media?.removeEventListener?.('devicechange', relist);
    };
  }, [list]);

  return { devices, problem, asking, refresh };
}
