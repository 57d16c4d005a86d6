// Preloaded with `node --import <this file> …` by the eval and bench harnesses: on exit, writes
// the process's peak resident set size (KiB, from getrusage) to stderr as `PP_MAX_RSS_KB=<n>`.
// Only this process is measured (worker threads included; child processes are not).
process.on('exit', () => {
  try {
    process.stderr.write(`\nPP_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
  } catch {
    // stderr closed: nothing to report to
  }
});
