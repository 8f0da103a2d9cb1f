// ESO/A: the electricity system operator. Publishes the price curve and the VP's contractual
// obligations at the start, and receives the VP's settlement for every interval.
import { Agent } from '../../sim/agent.js';
import type { GreekMsg } from '../../greek/messages.js';

export class EsoAgent extends Agent<GreekMsg> {
  settledKwh = 0;
  settledMu = 0;
  settlements = 0;

  constructor(
    id: string,
    private readonly vpRef: string,
    private readonly toVpS: number,
    private readonly priceMuPerKwh: Float64Array,
    private readonly pMinKw: Float64Array,
    private readonly pMaxKw: Float64Array
  ) {
    super(id);
  }

  override onStart(): void {
    this.send(this.vpRef, { type: 'market', priceMuPerKwh: this.priceMuPerKwh, pMinKw: this.pMinKw, pMaxKw: this.pMaxKw }, this.toVpS);
  }

  override onMessage(msg: GreekMsg): void {
    if (msg.type !== 'settlement') return;
    this.settledKwh += msg.energyKwh;
    this.settledMu += msg.costMu;
    this.settlements++;
  }
}
