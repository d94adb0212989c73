// A server whose CORS setup is code (Express, Starlette, FastAPI, Django,
// Flask, Rack, Go): one source file written from a template with a marked
// CORS block, run on a free loopback port. Applying a snippet is what a
// person does: paste it over their CORS block, restart.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "server_process.h"

namespace silentcors::e2e {

class AppServer {
 public:
  // `file`: the source's name in `dir`. `run`: the command line that serves
  // it, where "{file}" and "{port}" are replaced. `comment`: the language's
  // line comment, for the markers. `env`: added to the server's environment.
  AppServer(const std::filesystem::path& dir, std::string file, std::vector<std::string> run, std::string comment,
            std::map<std::string, std::string> env = {});

  // The source: `before`, the marked CORS block, `after`.
  void write(const std::string& before, const std::string& cors, const std::string& after);
  // Pastes `snippet` over the CORS block (the markers stay).
  void apply(const std::string& snippet);
  std::string source() const;

  // A command to run before each start (a compiler), "{file}" replaced;
  // its failure fails the test with its output.
  void build_with(std::vector<std::string> command) { build_ = std::move(command); }

  void start();  // Fatal failure (ASSERT) when it does not answer.
  void stop() { process_.stop(); }
  int port() const { return port_; }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  std::vector<std::string> expand(const std::vector<std::string>& argv) const;
  std::string begin_marker() const { return comment_ + " CORS BEGIN"; }
  std::string end_marker() const { return comment_ + " CORS END"; }

  std::filesystem::path dir_;
  std::string file_;
  std::vector<std::string> run_;
  std::string comment_;
  std::map<std::string, std::string> env_;
  std::vector<std::string> build_;
  int port_;
  ServerProcess process_;
};

}  // namespace silentcors::e2e
