#include "app_server.h"

#include <fstream>

#include <boost/process.hpp>
#include <gtest/gtest.h>

namespace silentcors::e2e {

namespace bp = boost::process;

AppServer::AppServer(const std::filesystem::path& dir, std::string file, std::vector<std::string> run, std::string comment,
                     std::map<std::string, std::string> env)
    : dir_(dir), file_(std::move(file)), run_(std::move(run)), comment_(std::move(comment)), env_(std::move(env)),
      port_(free_port()) {}

std::vector<std::string> AppServer::expand(const std::vector<std::string>& argv) const {
  std::vector<std::string> out;
  for (std::string arg : argv) {
    for (const auto& [key, value] : {std::pair<std::string, std::string>{"{file}", (dir_ / file_).string()},
                                     {"{port}", std::to_string(port_)}, {"{dir}", dir_.string()}}) {
      for (auto at = arg.find(key); at != std::string::npos; at = arg.find(key)) arg.replace(at, key.size(), value);
    }
    out.push_back(arg);
  }
  return out;
}

void AppServer::write(const std::string& before, const std::string& cors, const std::string& after) {
  std::ofstream(dir_ / file_) << before << "\n" << begin_marker() << "\n" << cors << "\n" << end_marker() << "\n" << after << "\n";
}

void AppServer::apply(const std::string& snippet) {
  const std::string pasted = replace_marked(source(), snippet, begin_marker(), end_marker());
  std::ofstream(dir_ / file_) << pasted;
}

std::string AppServer::source() const { return read_file(dir_ / file_); }

void AppServer::start() {
  if (!build_.empty()) {
    auto env = boost::this_process::environment();
    for (const auto& [name, value] : env_) env[name] = value;
    const auto log = dir_ / "build.log";
    const int code = bp::system(expand(build_), env, bp::start_dir = dir_.string(), (bp::std_out & bp::std_err) > log.string());
    ASSERT_EQ(code, 0) << "building " << file_ << " failed:\n" << read_file(log) << "\n" << source();
  }
  const auto log = dir_ / "stderr.log";
  ASSERT_TRUE(process_.start(expand(run_), port_, log, {}, env_))
      << file_ << " did not start: " << read_file(log) << "\n" << source();
}

}  // namespace silentcors::e2e
