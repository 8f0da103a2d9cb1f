// Every CLI command, one module per file. Keep these imports light: heavy work is imported in handlers.
import type { CommandModule } from 'yargs';
import { command as run } from './run.js';
import { command as validate } from './validate.js';
import { command as bench } from './bench.js';
import { command as schema } from './schema.js';
import { command as sweep } from './sweep.js';
import { command as merge } from './merge.js';
import { command as powerflow } from './powerflow.js';
import { command as reproduce } from './reproduce.js';
import { command as report } from './report.js';
import { command as ledger, keysCommand as keys } from './ledger.js';
import { command as kpi } from './kpi.js';
import { command as init } from './init.js';
import { command as diff } from './diff.js';

export const commands: CommandModule<any, any>[] = [run, validate, bench, schema, sweep, merge, reproduce, report, powerflow, ledger, keys, kpi, init, diff];
