// Which server or framework answered an origin's requests, so that a fix can
// be given in that server's own configuration language. Guessed from what
// the responses show (Server, X-Powered-By, Via and vendor fingerprints),
// or stated by the user per origin (a scenario's "servers", --server).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "analysis/http_headers.h"

namespace silentcors {

enum class ServerKind {
  kUnknown,  // Plain HTTP headers, whatever answers.
  kExpress,
  kNginx,
  kApache,
  kCaddy,
  kHaproxy,
  kStarlette,  // Starlette and FastAPI share CORSMiddleware.
  kDjango,     // django-cors-headers
  kFlask,      // Flask-CORS
  kRack,       // rack-cors (Rails, Sinatra)
  kGoRsCors,   // github.com/rs/cors
  kSpring,
  kAspNetCore,
  kEnvoy,
  kApiGateway,  // AWS API Gateway HTTP API
};

// The names a user writes (and reports print): "express", "nginx", ...
std::string_view server_name(ServerKind kind);
std::optional<ServerKind> server_named(std::string_view name);
// Every name, for error messages: "express, nginx, ...".
std::string server_names();

struct ServerGuess {
  ServerKind kind = ServerKind::kUnknown;
  std::string confidence;  // "stated", "certain" (it names itself), "likely" (a fingerprint)
  std::string evidence;    // What said so: "Server: nginx/1.22.1".
};

// From one response's headers; kUnknown when nothing tells.
ServerGuess guess_server(const HttpHeaders& response_headers);

// What the user said, by origin ("https://api.example.com" -> express).
using ServerHints = std::map<std::string, ServerKind>;

}  // namespace silentcors
