/**
 * The flows built once per gate: visitors, parcels, returnees with home observation, and the alert
 * ledger they share with the gate core. `tick` runs on the gate's one-second timer.
 */
import type { FlowSettings } from '../../shared/flows';
import { AlertLedger } from './alertLedger';
import type { FlowDeps } from './flowContext';
import { Parcels } from './parcels';
import { Returnees } from './returnees';
import { Visitors } from './visitors';

export type FlowsServiceDeps = Omit<FlowDeps, 'alerts'>;

export class FlowsService {
  readonly alerts: AlertLedger;
  readonly visitors: Visitors;
  readonly returnees: Returnees;
  readonly parcels: Parcels;

  constructor(deps: FlowsServiceDeps) {
    this.alerts = new AlertLedger(deps);
    const d: FlowDeps = { ...deps, alerts: this.alerts };
    this.visitors = new Visitors(d);
    this.returnees = new Returnees(d);
    this.parcels = new Parcels(d, this.returnees);
    this.settings = (): FlowSettings => ({ ...deps.config.flows });
  }

  readonly settings: () => FlowSettings;

  /** Overstay alerts; observations need no tick (they end by their stored end instant). */
  tick(): void {
    this.visitors.raiseOverstays();
  }
}
