#include "browser/process_table.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <optional>

namespace silentcors::browser {

namespace {

// The whole file, or nothing when it cannot be opened or read (the process
// is gone: ENOENT, ESRCH mid-read). An empty file is still a file: a kernel
// thread's cmdline is empty.
std::optional<std::string> read_small_file(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string text;
  char buffer[4096];
  bool ok = true;
  while (true) {
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      ok = got == 0;
      break;
    }
    text.append(buffer, static_cast<size_t>(got));
  }
  close(fd);
  if (!ok) return std::nullopt;
  return text;
}

// "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses,
// so the fields are read after the last ')'.
void fields_from_stat(const std::string& stat, ProcessEntry& entry) {
  entry.parent = -1;
  auto close_paren = stat.rfind(')');
  if (close_paren == std::string::npos || close_paren + 4 >= stat.size()) return;
  entry.state = stat[close_paren + 2];
  char* end = nullptr;
  entry.parent = static_cast<pid_t>(std::strtol(stat.c_str() + close_paren + 4, &end, 10));
  entry.group = static_cast<pid_t>(std::strtol(end, nullptr, 10));
}

}  // namespace

std::vector<ProcessEntry> list_processes(const std::string& proc_root) {
  std::vector<ProcessEntry> processes;
  DIR* proc = opendir(proc_root.c_str());
  if (!proc) return processes;
  while (dirent* entry = readdir(proc)) {
    char* end = nullptr;
    long pid = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || pid <= 0) continue;
    const std::string dir = proc_root + "/" + entry->d_name;
    const auto stat = read_small_file(dir + "/stat");
    if (!stat || stat->empty()) continue;  // Gone already.
    const auto cmdline = read_small_file(dir + "/cmdline");
    if (!cmdline) continue;  // Gone between the two reads.
    ProcessEntry process;
    process.pid = static_cast<pid_t>(pid);
    fields_from_stat(*stat, process);
    process.cmdline = *cmdline;
    processes.push_back(std::move(process));
  }
  closedir(proc);
  return processes;
}

std::vector<ProcessEntry> processes_mentioning(const std::string& needle) {
  std::vector<ProcessEntry> found;
  const pid_t self = getpid();
  for (auto& process : list_processes()) {
    if (process.pid != self && process.cmdline.find(needle) != std::string::npos) found.push_back(std::move(process));
  }
  return found;
}

}  // namespace silentcors::browser
