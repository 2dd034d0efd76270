/** Contract methods of the gate flows (visitors, parcels, returnees, alerts) mapped onto FlowsService. */
import { findHousehold } from '../flows/flowContext';
import type { FlowsService } from '../flows/flowsService';
import type { HandlerDeps } from './handlers';
import type { Handlers } from './dispatch';

type FlowMethods =
  | 'flows:settings'
  | 'flows:household'
  | 'visitor:register'
  | 'visitor:inside'
  | 'visitor:checkout'
  | 'parcel:dropoff'
  | 'parcel:waiting'
  | 'parcel:forPass'
  | 'parcel:collect'
  | 'parcel:doorDelivered'
  | 'returnee:register'
  | 'observation:list'
  | 'observation:endEarly'
  | 'alert:list'
  | 'alert:ack';

export function createFlowsHandlers(d: HandlerDeps & { flows: FlowsService }): Pick<Handlers, FlowMethods> {
  const f = d.flows;
  return {
    'flows:settings': () => f.settings(),
    'flows:household': (i) => {
      const h = findHousehold(d, i.householdId);
      return { ...h, underObservation: f.returnees.householdUnderObservation(h.id, d.clock.now()) };
    },
    'visitor:register': (i) => f.visitors.register(i),
    'visitor:inside': () => f.visitors.inside(),
    'visitor:checkout': (i) => f.visitors.checkout(i),
    'parcel:dropoff': (i) => f.parcels.dropoff(i),
    'parcel:waiting': () => f.parcels.waiting(),
    'parcel:forPass': (i) => f.parcels.forPass(i.code),
    'parcel:collect': (i) => f.parcels.collect(i.code, i.parcelIds),
    'parcel:doorDelivered': (i) => f.parcels.doorDelivered(i.parcelId, i.deliveredBy),
    'returnee:register': (i) => f.returnees.register(i),
    'observation:list': () => f.returnees.active(),
    'observation:endEarly': async (i) => {
      f.returnees.assertRunning(i.observationId);
      const approver = await d.dualControl.confirmSecondPerson({
        action: 'end_observation',
        approval: i.approval,
        subject: i.observationId,
        details: { reason: i.reason },
      });
      return f.returnees.endEarly(i.observationId, {
        reason: i.reason,
        approverId: approver.id,
        audit: ({ observationId, endedAt }) =>
          d.audit.append('observation.ended_early', {
            actors: [...d.staffOnDuty(), approver.id],
            subject: observationId,
            details: { reason: i.reason, endedAt, requester: approver.requester.id, approver: approver.id },
          }),
      });
    },
    'alert:list': () => f.alerts.list(),
    'alert:ack': (i) => f.alerts.acknowledge(i.id),
  };
}
