import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { command as kpiCommand } from '../../src/cli/kpi.js';
import { computeKpis } from '../../src/kpi/index.js';
import { greekLifecycleEvents,  } from '../../src/kpi/greek.js';
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
    const ev = greekLifecycleEvents(parseCsv(TS), parseCsv(CEV));
    const k = computeKpis(ev, null) as Record<string, any>;
    expect(k.K7).toMatchObject({ attempted: 2, succeeded: 1, failed: 1, byRootCause: { underDelivery: 1 } });
    // interval 2: obligation 2000 kW x 5 min = 167 kWh, set-points 1900 kW -> 158 kWh delegated
    expect(k.K5.byStage.delegation).toMatchObject({ DelegationCreated: 2, DelegationShortfall: 1 });
    expect(k.K3.byCause.delegationUncovered).toBe(167 - 158);
    expect(k.K2.requested_kwh).toBe(2 * 167);
    expectConsistent(k as never);
  });

  it('vpsim kpi on a Greek run directory uses the mapping', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'greek-kpi-'));
    try {
      writeFileSync(join(dir, 'timeseries.csv'), TS);
      writeFileSync(join(dir, 'cev.csv'), CEV);
      writeFileSync(join(dir, 'events.jsonl'), JSON.stringify({ t_s: 1, type: 'scheduleInfeasible' }) + '\n');
      let out = '';
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((x: string | Uint8Array) => {
        out += String(x);
        return true;
      });
      try {
        await (kpiCommand.handler as (a: unknown) => Promise<void>)({ dir, json: true, _: [], $0: 'vpsim' });
      } finally {
        spy.mockRestore();
      }
      const k = JSON.parse(out);
      expect(k.K7.attempted).toBe(2);
      expect(k.K9.traceabilityRatio).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
