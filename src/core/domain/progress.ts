/** Structured progress of an ensure (a domain type: provisioners emit it, the service relays it), for the status bar, notifications and terminal progress. */

export type EnsurePhase =
  'resolve' | 'locate' | 'check' | 'lock-wait' | 'create' | 'install' | 'validate' | 'commit' | 'reuse' | 'done';

export interface EnsureProgressEvent {
  readonly phase: EnsurePhase;
  readonly message: string;
  readonly environmentKey?: string;
  /** One line of installer output, when the event relays it. */
  readonly line?: string;
  /** 0–100 when known. */
  readonly percent?: number;
}

/** Receives progress events. Must not throw; a throwing listener is ignored. */
export type ProgressListener = (event: EnsureProgressEvent) => void;
