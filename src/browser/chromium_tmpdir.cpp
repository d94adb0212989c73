#include "browser/chromium_tmpdir.h"

#include <sys/un.h>

namespace silentcors::browser {

std::optional<std::string> chromium_tmpdir(const std::string& profile_dir) {
  std::string tmpdir = profile_dir + "/tmp";
  // What Chromium binds (process_singleton_posix.cc), plus the NUL.
  const std::string socket = tmpdir + "/org.chromium.Chromium.XXXXXX/SingletonSocket";
  if (socket.size() + 1 > sizeof(sockaddr_un{}.sun_path)) return std::nullopt;
  return tmpdir;
}

}  // namespace silentcors::browser
