// Preloaded into the API processes (NODE_OPTIONS=--import) when W3 profiles:
// Node 20 refuses --cpu-prof in NODE_OPTIONS, so the inspector records the
// same V8 CPU profile and writes it to W3_CPU_PROF_DIR when the process exits.
// Recording starts at SIGUSR2 (the measured runs), not at boot.
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector';

const dir = process.env.W3_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  process.on('SIGUSR2', () => session.post('Profiler.start'));
  // A same-thread session answers synchronously: this works inside 'exit'.
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) fs.writeFileSync(path.join(dir, `api-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
