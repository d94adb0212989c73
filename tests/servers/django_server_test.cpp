// Verified on the real server: Debian's Django (runserver) with
// django-cors-headers. The CORS settings are a block of the app module whose
// CORS_* names become its settings, as settings.py's would; the block lists
// only content-type, so traceparent is refused. silentcors must name Django
// (Server: WSGIServer, runserver's) and the refused header, and its own
// fixSnippet, pasted over that block, must make the scenario pass (its
// `(*default_headers, ...)` keeps the package's default list). Second:
// CORS_ALLOW_ALL_ORIGINS answers `*`, which a credentialed fetch may not use.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app_server.h"
#include "app_server_test.h"
#include "fixture/fixture_app.h"
#include "python_servers.h"
#include "server_scenario.h"

namespace silentcors::e2e {
namespace {

using nlohmann::json;

// A one-file Django project (python_app): settings, URLconf and view in app.py.
const std::string kBefore =
    "import sys\nfrom django.conf import settings\nfrom django.http import JsonResponse\nfrom django.urls import path\n";
const std::string kAfter =
    "settings.configure(\n"
    "    DEBUG=False, ALLOWED_HOSTS=[\"127.0.0.1\"], ROOT_URLCONF=__name__, SECRET_KEY=\"test\",\n"
    "    INSTALLED_APPS=[\"corsheaders\"],\n"
    "    MIDDLEWARE=[\"corsheaders.middleware.CorsMiddleware\", \"django.middleware.common.CommonMiddleware\"],\n"
    "    **{name: value for name, value in dict(globals()).items() if name.startswith(\"CORS_\")},\n)\n\n"
    "def orders(request):\n    return JsonResponse({\"ok\": True})\n\n"
    "urlpatterns = [path(\"api/orders\", orders)]\n\n"
    "from django.core.management import execute_from_command_line\n"
    "execute_from_command_line([sys.argv[0], \"runserver\", \"--noreload\", \"127.0.0.1:\" + sys.argv[1]])";

class DjangoTest : public AppServerTest {
 protected:
  void SetUp() override {
    require_python_modules({{"django", "python3-django"}, {"corsheaders", "python3-django-cors-headers"}});
  }
};

TEST_F(DjangoTest, ARefusedTraceparentIsNamedAndDjangosOwnSnippetFixesIt) {
  AppServer django = python_app(server_dir.path());
  fixture::FixtureApp app(page_fetching(django.origin() + "/api/orders", kJsonPostWithTraceparent));
  app.start();
  django.write(kBefore,
               "CORS_ALLOWED_ORIGINS = [\"" + app.frontend_origin() + "\"]\nCORS_ALLOW_HEADERS = [\"content-type\"]",
               kAfter);
  ASSERT_NO_FATAL_FAILURE(django.start());
  const std::string file = write_scenario(tmp.path(), "django", app.page_url("/page"));

  json report = run_and_report(file, tmp.path(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "header-not-allowed");
  EXPECT_EQ(f["headers"], json({"traceparent"}));
  EXPECT_EQ(f["server"]["name"], "django");
  EXPECT_EQ(f["server"]["evidence"].get<std::string>().rfind("Server: WSGIServer/", 0), 0u) << f["server"].dump();
  ASSERT_EQ(f["fixSnippet"]["server"], "django");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("CORS_ALLOW_HEADERS = (*default_headers, \"content-type\", \"traceparent\")"), std::string::npos)
      << snippet;

  apply_and_pass(django, file, snippet);
}

// CORS_ALLOW_ALL_ORIGINS without CORS_ALLOW_CREDENTIALS answers `*`.
TEST_F(DjangoTest, AllowAllOriginsRefusesCredentialsAndTheSnippetFixesIt) {
  AppServer django = python_app(server_dir.path());
  fixture::FixtureApp app(page_fetching(django.origin() + "/api/orders", "{credentials: 'include'}"));
  app.start();
  django.write(kBefore, "CORS_ALLOW_ALL_ORIGINS = True", kAfter);
  ASSERT_NO_FATAL_FAILURE(django.start());
  const std::string file = write_scenario(tmp.path(), "django", app.page_url("/page"));

  json report = run_and_report(file, tmp.path(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "wildcard-with-credentials");
  EXPECT_EQ(f["server"]["name"], "django");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("CORS_ALLOW_CREDENTIALS = True"), std::string::npos) << snippet;

  apply_and_pass(django, file, snippet);
}

}  // namespace
}  // namespace silentcors::e2e
