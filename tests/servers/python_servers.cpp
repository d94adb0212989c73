#include "python_servers.h"

#include <boost/process.hpp>

namespace silentcors::e2e {

std::string missing_python_module(const std::string& module, const std::string& debian_package) {
  namespace bp = boost::process;
  int code = -1;
  try {
    code = bp::system(kDebianPython, "-c", "import " + module, bp::std_out > bp::null, bp::std_err > bp::null);
  } catch (const std::exception&) {
    // No interpreter at all.
  }
  if (code == 0) return "";
  return std::string(kDebianPython) + " cannot import " + module + ": scripts/setup --tests installs " +
         debian_package + " for these tests";
}

AppServer python_app(const std::filesystem::path& dir) {
  return AppServer(dir, "app.py", {kDebianPython, "{file}", "{port}"}, "#", {{"PYTHONDONTWRITEBYTECODE", "1"}});
}

}  // namespace silentcors::e2e
