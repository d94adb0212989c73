// What the Python server tests share: Debian's own interpreter (not
// whatever python3 is first on PATH: the packages are in its dist-packages)
// and a check that a module is there, naming the package that brings it;
// and the one-file app it runs.
#pragma once

#include <filesystem>
#include <string>

#include "app_server.h"

namespace silentcors::e2e {

inline constexpr const char* kDebianPython = "/usr/bin/python3";

// Empty when `module` imports in Debian's python3; otherwise what to install.
std::string missing_python_module(const std::string& module, const std::string& debian_package);

// DIR/app.py, run as `python3 app.py PORT` (no __pycache__ left behind).
AppServer python_app(const std::filesystem::path& dir);

}  // namespace silentcors::e2e
