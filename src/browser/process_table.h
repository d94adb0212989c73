// The processes in /proc, read while they come and go. A process can exit
// between listing /proc and reading its files: reads then fail (ESRCH, or
// an exception from an ifstream, which is what once aborted the reaper in
// the middle of its cleanup), so every read here tolerates a vanished
// process and simply leaves it out.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace silentcors::browser {

struct ProcessEntry {
  pid_t pid = 0;
  pid_t parent = 0;
  pid_t group = 0;   // Its process group.
  char state = '?';  // As in /proc/PID/stat: 'R', 'S', 'Z' (exited, not yet reaped)...
  std::string cmdline;  // Arguments separated by '\0', as in /proc/PID/cmdline.

  std::string argv0() const { return cmdline.substr(0, cmdline.find('\0')); }
};

// Every process alive now (as far as a snapshot of /proc can tell).
// `proc_root`: where the process table is mounted; tests give a fake tree,
// to make a process vanish exactly between two reads.
std::vector<ProcessEntry> list_processes(const std::string& proc_root = "/proc");

// Those whose command line contains `needle`, leaving out this process.
std::vector<ProcessEntry> processes_mentioning(const std::string& needle);

}  // namespace silentcors::browser
