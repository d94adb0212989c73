#include "analysis/fix_snippet.h"

#include <functional>

namespace silentcors {

namespace {

using Names = std::vector<std::string>;

std::string join(const Names& names, const std::string& separator, const std::string& quote = "") {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : separator) + quote + n + quote;
  return out;
}

std::string lower_all(const Names& names, const std::string& separator, const std::string& quote) {
  Names lower;
  for (const auto& n : names) lower.push_back(to_lower_ascii(n));
  return join(lower, separator, quote);
}

// The header lines a change asks for: the common ground of the servers that
// set headers one by one (nginx, Apache, Caddy, HAProxy, plain HTTP).
struct HeaderLine {
  std::string name;
  std::string value;
};

std::vector<HeaderLine> header_lines(const CorsChange& c) {
  std::vector<HeaderLine> out;
  if (c.allow_origin) {
    out.push_back({"Access-Control-Allow-Origin", c.origin});
    out.push_back({"Vary", "Origin"});
  } else if (c.vary_origin) {
    out.push_back({"Vary", "Origin"});
  }
  if (c.allow_credentials) out.push_back({"Access-Control-Allow-Credentials", "true"});
  if (!c.allow_methods.empty()) out.push_back({"Access-Control-Allow-Methods", join(c.allow_methods, ", ")});
  if (!c.allow_headers.empty()) out.push_back({"Access-Control-Allow-Headers", join(c.allow_headers, ", ")});
  if (!c.expose_headers.empty()) out.push_back({"Access-Control-Expose-Headers", join(c.expose_headers, ", ")});
  if (c.timing_allow_origin) out.push_back({"Timing-Allow-Origin", c.origin});
  return out;
}

std::string nginx(const CorsChange& c) {
  std::string out = "# in the location that serves " + c.path + "\n";
  if (c.one_allow_origin) out += "# one layer only: if the upstream app sets it too, add: proxy_hide_header Access-Control-Allow-Origin;\n";
  if (c.answer_preflight) {
    out += "if ($request_method = OPTIONS) { return 204; }  # before auth_request / proxy_pass: a preflight has no credentials\n";
  }
  for (const auto& h : header_lines(c)) out += "add_header " + h.name + " \"" + h.value + "\" always;\n";
  out += "# replace the location's existing lines for these headers. `always` keeps them on error\n"
         "# responses (without it an upstream 500 reaches the page as a CORS error), and a location\n"
         "# with any add_header of its own inherits none from outer blocks: repeat every CORS header here.";
  return out;
}

std::string apache(const CorsChange& c) {
  std::string out = "# mod_headers, in the <Location \"" + c.path + "\"> (or vhost) that serves it\n";
  if (c.answer_preflight) {
    out += "RewriteEngine On\nRewriteCond %{REQUEST_METHOD} OPTIONS\nRewriteRule ^ - [R=204,L]\n";
  }
  for (const auto& h : header_lines(c)) out += "Header always set " + h.name + " \"" + h.value + "\"\n";
  out += "# `always` also covers error responses (the plain `Header set` skips them).";
  return out;
}

std::string caddy(const CorsChange& c) {
  std::string out = "# in the site block, for " + c.path + "\n";
  if (c.answer_preflight) out += "@preflight method OPTIONS\nrespond @preflight 204\n";
  out += "header " + c.path + "* {\n";
  for (const auto& h : header_lines(c)) out += "\t" + h.name + " \"" + h.value + "\"\n";
  out += "}\n# responses from handle_errors do not get these: repeat the block there.";
  return out;
}

std::string haproxy(const CorsChange& c) {
  std::string out = "# in the frontend or backend that serves " + c.path + "\n";
  if (c.answer_preflight) out += "http-request return status 204 if METH_OPTIONS\n";
  // http-after-response (HAProxy 2.2+), not http-response: the latter runs
  // only on what a server sent, never on HAProxy's own answers (a 503 when
  // no server is up, the 204 of `http-request return`).
  for (const auto& h : header_lines(c)) out += "http-after-response set-header " + h.name + " \"" + h.value + "\"\n";
  out += "# replace the existing lines for these headers. http-after-response (HAProxy 2.2+) also covers\n"
         "# HAProxy's own answers (a 503 with no server up, http-request return); http-response does not.";
  return out;
}

std::string plain(const CorsChange& c) {
  std::string out = "# the response headers " + c.path + " must carry";
  out += c.answer_preflight ? " (and OPTIONS answered 204 before any authentication)" : "";
  out += c.on_error_responses ? ", on error responses too" : "";
  out += ":\n";
  for (const auto& h : header_lines(c)) out += h.name + ": " + h.value + "\n";
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string express(const CorsChange& c) {
  std::string out = "const cors = require('cors');\n";
  out += "app.use('" + c.path + "', cors({\n  origin: '" + c.origin + "',\n";
  if (c.allow_credentials || c.credentialed) out += "  credentials: true,\n";
  if (!c.allow_methods.empty()) out += "  methods: [" + join(c.allow_methods, ", ", "'") + "],\n";
  if (!c.allow_headers.empty()) {
    out += "  // allowedHeaders replaces cors()'s default of echoing Access-Control-Request-Headers:\n";
    out += "  allowedHeaders: [" + join(c.allow_headers, ", ", "'") + "],\n";
  }
  if (!c.expose_headers.empty()) out += "  exposedHeaders: [" + join(c.expose_headers, ", ", "'") + "],\n";
  out += "}));";
  if (c.timing_allow_origin) {
    out += "\napp.use((req, res, next) => { res.set('Timing-Allow-Origin', '" + c.origin + "'); next(); });";
  }
  if (c.answer_preflight) out += "\n// register cors() before your auth middleware: preflights carry no credentials";
  if (c.on_error_responses) out += "\n// register cors() first, so the answers of your error handlers carry its headers too";
  return out;
}

std::string starlette(const CorsChange& c) {
  std::string out = "from starlette.middleware.cors import CORSMiddleware  # FastAPI: fastapi.middleware.cors\n";
  out += "app.add_middleware(\n    CORSMiddleware,\n    allow_origins=[\"" + c.origin + "\"],\n";
  if (c.allow_credentials || c.credentialed) out += "    allow_credentials=True,\n";
  if (!c.allow_methods.empty()) {
    out += "    allow_methods=[" + join(c.allow_methods, ", ", "\"") + "],  # the default is GET only\n";
  } else if (!c.current_methods.empty()) {
    out += "    allow_methods=[" + join(c.current_methods, ", ", "\"") + "],  # kept: the default is GET only\n";
  }
  if (!c.allow_headers.empty()) {
    out += "    allow_headers=[" + lower_all(c.allow_headers, ", ", "\"") + "],\n";
  } else if (!c.current_headers.empty()) {
    out += "    allow_headers=[" + lower_all(c.current_headers, ", ", "\"") + "],  # kept\n";
  }
  if (!c.expose_headers.empty()) out += "    expose_headers=[" + join(c.expose_headers, ", ", "\"") + "],\n";
  out += ")";
  if (c.on_error_responses) {
    out += "\n# unhandled exceptions are answered by ServerErrorMiddleware, outside CORSMiddleware, without CORS\n"
           "# headers: turn them into responses in an exception handler so they pass through it";
  }
  return out;
}

std::string django(const CorsChange& c) {
  std::string out = "# settings.py (django-cors-headers)\n";
  out += "CORS_ALLOWED_ORIGINS = [\"" + c.origin + "\"]\n";
  if (c.allow_credentials || c.credentialed) out += "CORS_ALLOW_CREDENTIALS = True\n";
  if (!c.allow_headers.empty()) {
    out += "from corsheaders.defaults import default_headers\n";
    out += "CORS_ALLOW_HEADERS = (*default_headers, " + lower_all(c.allow_headers, ", ", "\"") + ")\n";
  }
  if (!c.allow_methods.empty()) {
    out += "from corsheaders.defaults import default_methods\n";
    out += "CORS_ALLOW_METHODS = (*default_methods, " + join(c.allow_methods, ", ", "\"") + ")\n";
  }
  if (!c.expose_headers.empty()) out += "CORS_EXPOSE_HEADERS = [" + join(c.expose_headers, ", ", "\"") + "]\n";
  out += "# CorsMiddleware goes as high as possible in MIDDLEWARE, before CommonMiddleware.";
  return out;
}

std::string flask(const CorsChange& c) {
  std::string out = "from flask_cors import CORS\nCORS(app, resources={r\"" + c.path + "\": {\n    \"origins\": [\"" +
                    c.origin + "\"],\n";
  if (c.allow_credentials || c.credentialed) out += "    \"supports_credentials\": True,\n";
  if (!c.allow_methods.empty()) out += "    \"methods\": [" + join(c.allow_methods, ", ", "\"") + "],\n";
  if (!c.allow_headers.empty()) out += "    \"allow_headers\": [" + join(c.allow_headers, ", ", "\"") + "],\n";
  if (!c.expose_headers.empty()) out += "    \"expose_headers\": [" + join(c.expose_headers, ", ", "\"") + "],\n";
  out += "}})";
  return out;
}

std::string rack(const CorsChange& c) {
  std::string out = "# config/initializers/cors.rb (rack-cors)\nRails.application.config.middleware.insert_before 0, Rack::Cors do\n";
  out += "  allow do\n    origins '" + c.origin + "'\n    resource '" + c.path + "',\n";
  out += "      headers: " + (c.allow_headers.empty() ? std::string(":any") : "%w[" + join(c.allow_headers, " ") + "]");
  out += ",\n      methods: " +
         (c.allow_methods.empty() ? std::string("%i[get post put patch delete options head]")
                                  : "%i[" + lower_all(c.allow_methods, " ", "") + " options]");
  if (!c.expose_headers.empty()) out += ",\n      expose: %w[" + join(c.expose_headers, " ") + "]";
  if (c.allow_credentials || c.credentialed) out += ",\n      credentials: true";
  out += "\n  end\nend";
  return out;
}

std::string go_rs_cors(const CorsChange& c) {
  std::string out = "c := cors.New(cors.Options{\n\tAllowedOrigins: []string{\"" + c.origin + "\"},\n";
  if (c.allow_credentials || c.credentialed) out += "\tAllowCredentials: true,\n";
  if (!c.allow_methods.empty()) out += "\tAllowedMethods: []string{" + join(c.allow_methods, ", ", "\"") + "},\n";
  if (!c.allow_headers.empty()) out += "\tAllowedHeaders: []string{" + join(c.allow_headers, ", ", "\"") + "},\n";
  if (!c.expose_headers.empty()) out += "\tExposedHeaders: []string{" + join(c.expose_headers, ", ", "\"") + "},\n";
  out += "})\nhandler := c.Handler(mux)";
  return out;
}

std::string spring(const CorsChange& c) {
  std::string out = "CorsConfiguration config = new CorsConfiguration();\n";
  out += "config.setAllowedOrigins(List.of(\"" + c.origin + "\"));\n";
  if (c.allow_credentials || c.credentialed) {
    out += "config.setAllowCredentials(true);  // Spring refuses \"*\" origins with credentials at start-up\n";
  }
  if (!c.allow_methods.empty()) out += "config.setAllowedMethods(List.of(" + join(c.allow_methods, ", ", "\"") + "));\n";
  if (!c.allow_headers.empty()) out += "config.setAllowedHeaders(List.of(" + join(c.allow_headers, ", ", "\"") + "));\n";
  if (!c.expose_headers.empty()) out += "config.setExposedHeaders(List.of(" + join(c.expose_headers, ", ", "\"") + "));\n";
  out += "source.registerCorsConfiguration(\"" + c.path + "\", config);";
  return out;
}

std::string aspnetcore(const CorsChange& c) {
  std::string out = "builder.Services.AddCors(o => o.AddPolicy(\"api\", policy => policy\n    .WithOrigins(\"" + c.origin + "\")";
  if (!c.allow_methods.empty()) out += "\n    .WithMethods(" + join(c.allow_methods, ", ", "\"") + ")";
  if (!c.allow_headers.empty()) out += "\n    .WithHeaders(" + join(c.allow_headers, ", ", "\"") + ")";
  if (!c.expose_headers.empty()) out += "\n    .WithExposedHeaders(" + join(c.expose_headers, ", ", "\"") + ")";
  if (c.allow_credentials || c.credentialed) out += "\n    .AllowCredentials()  // not with AllowAnyOrigin: it throws at start-up";
  out += "));\napp.UseCors(\"api\");  // before UseAuthentication";
  return out;
}

std::string envoy(const CorsChange& c) {
  std::string out = "# route config, typed_per_filter_config of envoy.filters.http.cors\ncors:\n";
  out += "  allow_origin_string_match: [{exact: \"" + c.origin + "\"}]\n";
  if (c.allow_credentials || c.credentialed) out += "  allow_credentials: true\n";
  if (!c.allow_methods.empty()) out += "  allow_methods: \"" + join(c.allow_methods, ",") + "\"\n";
  if (!c.allow_headers.empty()) out += "  allow_headers: \"" + lower_all(c.allow_headers, ",", "") + "\"\n";
  if (!c.expose_headers.empty()) out += "  expose_headers: \"" + join(c.expose_headers, ",") + "\"\n";
  out += "# Envoy answers every preflight 200 without checking the headers: the browser checks them.";
  return out;
}

std::string api_gateway(const CorsChange& c) {
  std::string out = "aws apigatewayv2 update-api --api-id API_ID --cors-configuration \\\n  AllowOrigins=" + c.origin;
  if (!c.allow_methods.empty()) out += ",AllowMethods=" + join(c.allow_methods, ",");
  if (!c.allow_headers.empty()) out += ",AllowHeaders=" + lower_all(c.allow_headers, ",", "");
  if (!c.expose_headers.empty()) out += ",ExposeHeaders=" + join(c.expose_headers, ",");
  if (c.allow_credentials || c.credentialed) out += ",AllowCredentials=true";
  out += "\n# with a CORS configuration the API answers preflights itself; remove your own OPTIONS route.";
  return out;
}

}  // namespace

std::string fix_snippet_text(ServerKind server, const CorsChange& change) {
  switch (server) {
    case ServerKind::kNginx: return nginx(change);
    case ServerKind::kApache: return apache(change);
    case ServerKind::kCaddy: return caddy(change);
    case ServerKind::kHaproxy: return haproxy(change);
    case ServerKind::kExpress: return express(change);
    case ServerKind::kStarlette: return starlette(change);
    case ServerKind::kDjango: return django(change);
    case ServerKind::kFlask: return flask(change);
    case ServerKind::kRack: return rack(change);
    case ServerKind::kGoRsCors: return go_rs_cors(change);
    case ServerKind::kSpring: return spring(change);
    case ServerKind::kAspNetCore: return aspnetcore(change);
    case ServerKind::kEnvoy: return envoy(change);
    case ServerKind::kApiGateway: return api_gateway(change);
    case ServerKind::kUnknown: return plain(change);
  }
  return plain(change);
}

}  // namespace silentcors
