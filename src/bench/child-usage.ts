// Preloaded into a benchmarked child process (`node --import <this file> bin/vpsim.js ...`): when the
// process exits it writes its own process.resourceUsage() (CPU of all its threads, peak RSS) as JSON
// to the file named by VPSIM_USAGE_FILE. This is how `bench` measures the CLI path as a user runs it.
import { writeFileSync } from 'node:fs';

const file = process.env.VPSIM_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ userCpuMs: u.userCPUTime / 1000, systemCpuMs: u.systemCPUTime / 1000, maxRssMb: u.maxRSS / 1024 }));
  });
}
