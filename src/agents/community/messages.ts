// Messages between the community agents (participants, aggregator, market operator, price feed, DSO).
import type { SignedState } from '../../community/channel.js';
import type { Batch, OrderInput } from '../../community/contract-types.js';
import type { EnergySlice } from '../../community/carbon.js';

export interface Registers {
  import_kwh: number;
  export_kwh: number;
}

/** Participant -> aggregator, every metering step: its meter's cumulative registers (A) and the true step energy. */
export interface MeterMsg {
  type: 'meter';
  participant: string;
  interval: number;
  cum: Registers;
  step: Registers;
  pv_kwh: number;
  load_kwh: number;
  /** Interval-end registers of windows the meter could not send (after a blackout). */
  backlog: { interval: number; cum: Registers }[];
}

export interface OrderMsg {
  type: 'order';
  interval: number;
  order: OrderInput;
}

export interface ScheduleMsg {
  type: 'schedule';
  interval: number;
  side: 'buy' | 'sell';
  qty_kwh: number;
  sold_kwh: number;
  bought_kwh: number;
}

export interface MarginCallMsg {
  type: 'marginCall';
  deadline_s: number;
}

export interface TopUpMsg {
  type: 'topUp';
  participant: string;
}

export interface BatchMsg {
  type: 'batch';
  batch: Batch;
}

export interface ChannelDisputeMsg {
  type: 'channelDispute';
  interval: number;
  participant: string;
  signed: SignedState;
}

export interface StateRequestMsg {
  type: 'stateRequest';
  interval: number;
  participant: string;
}

export interface StateResponseMsg {
  type: 'stateResponse';
  interval: number;
  participant: string;
  signed: SignedState | null;
}

export interface ThirdReadingRequestMsg {
  type: 'thirdReadingRequest';
  interval: number;
  participant: string;
}

export interface ThirdReadingMsg {
  type: 'thirdReading';
  interval: number;
  participant: string;
  reading: Registers;
}

export interface PriceMsg {
  type: 'price';
  interval: number;
  raw_mu_per_kwh: number;
}

export interface V2gSessionMsg {
  type: 'v2gSession';
  participant: string;
  charging: EnergySlice[];
  discharging: EnergySlice[];
  roundTripEfficiency: number;
}

export type MarketInbound = OrderMsg | TopUpMsg | BatchMsg | ChannelDisputeMsg | StateResponseMsg | ThirdReadingMsg | PriceMsg | V2gSessionMsg;
export type AggregatorInbound = MeterMsg | StateRequestMsg | ThirdReadingRequestMsg;
export type ParticipantInbound = ScheduleMsg | MarginCallMsg;
