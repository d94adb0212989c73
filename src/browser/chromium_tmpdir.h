// Where Chromium's $TMPDIR points. Chromium makes an
// org.chromium.Chromium.XXXXXX directory there for its singleton socket on
// every start and leaves it when killed (the reaper kills it): one per run,
// piling up in the user's $TMPDIR. Inside the private profile, it is removed
// with the profile.
#pragma once

#include <optional>
#include <string>

namespace silentcors::browser {

// PROFILE_DIR/tmp, or nothing when the singleton socket's path under it
// would be longer than a Unix socket path may be (Chromium then refuses to
// start): Chromium then keeps the user's $TMPDIR.
std::optional<std::string> chromium_tmpdir(const std::string& profile_dir);

}  // namespace silentcors::browser
