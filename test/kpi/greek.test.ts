// The Greek mapping (obligations and delegations -> lifecycle events) on hand-made records, in CSV
// form as exported (the model calls the same function on its in-memory rows). The run itself
// (events committed on the ledger, vpsim kpi on the run directory) is tested in test/greek.
import { describe, expect, it } from 'vitest';
import { computeKpis, type Ev } from '../../src/kpi/index.js';
import { greekLifecycleEvents } from '../../src/kpi/greek.js';
import { parseCsvStrings as parseCsv } from '../../src/output/csv.js';
import { expectConsistent } from './invariants.js';

// Three 5-minute intervals, two inside the obligation window (2000-3000 kW), two CEVs.
const TS = `t_s,time,price_mu_per_kwh,obligation_min_kw,obligation_max_kw,vp_scheduled_kw,vp_realtime_kw
55800,15:30,0.15,2000,3000,2500,2450
56100,15:35,0.15,2000,3000,1900,1850
56400,15:40,0.12,,,800,790
`;
const CEV = `t_s,cev,city,scheduled_kw,dispatched_kw,realtime_kw,curtailed_kw
55800,CEV1,Athens,1500,1500,1470,0
55800,CEV2,"Chania",1000,1000,980,0
56100,CEV1,Athens,1200,1200,1150,0
56100,CEV2,Chania,700,700,700,0
56400,CEV1,Athens,800,800,790,0
56400,CEV2,Chania,0,0,0,0
`;

describe('Greek case through the KPI engine', () => {
  it('maps obligations and delegations to lifecycle events and computes K1-K10 consistently', () => {
    const ev: Ev[] = greekLifecycleEvents(parseCsv(TS), parseCsv(CEV)).map((e, seq) => ({ seq, block: -1, ...e }));
    const k = computeKpis(ev, null) as Record<string, any>;
    expect(k.K7).toMatchObject({ attempted: 2, succeeded: 1, failed: 1, byRootCause: { underDelivery: 1 } });
    // interval 2: obligation 2000 kW x 5 min = 167 kWh, set-points 1900 kW -> 158 kWh delegated
    expect(k.K5.byStage.delegation).toMatchObject({ DelegationCreated: 2, DelegationShortfall: 1 });
    expect(k.K3.byCause.delegationUncovered).toBe(167 - 158);
    expect(k.K2.requested_kwh).toBe(2 * 167);
    expectConsistent(k as never);
    // not on a ledger: nothing is traceable
    expect(k.K9).toMatchObject({ traceabilityRatio: 0, registeredTrades: 2, eventsNotCommitted: ev.length });
  });
});
