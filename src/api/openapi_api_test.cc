// The API's description and the router agree: every route the server
// registers is described in docs/openapi.json with its method, and every
// path and method the document describes is a registered route.
#include "api/openapi_api.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <utility>

#include "api/routes.h"
#include "auth/random.h"
#include "common/clock.h"
#include "ingest/grants.h"
#include "ingest/pipeline.h"
#include "ingest/report_committer.h"
#include "services/incident_desk.h"
#include "storage/open_store.h"

namespace hookwarden::api {
namespace {

namespace json = boost::json;
using Route = std::pair<std::string, std::string>;  // {METHOD, pattern}

// Every route RegisterAllRoutes adds, with the services `serve` wires (on a
// store in a temporary directory; nothing is called).
std::set<Route> RegisteredRoutes() {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("hookwarden-openapi-" + auth::NewId("t"));
  SystemClock clock;
  auto store = OpenStore(StoreOptions{"", dir, false}, clock.NowMillis());
  EXPECT_TRUE(store.ok()) << store.status().message();
  std::set<Route> routes;
  if (!store.ok()) return routes;
  auth::SecretKey key = auth::RandomKey();
  auth::Sealer sealer(key);
  auth::TokenHasher hasher(key);
  auth::LoginLimiter login_limiter(clock);
  Logger logger;
  http::HttpMetrics metrics;
  Credentials credentials(**store, hasher, sealer, clock);
  Secrets secrets(**store, sealer);
  ingest::ReportCommitter committer(**store, clock);
  ingest::EventWriter writer(committer, logger);
  ingest::RateLimiter rate_limiter(clock, 10, 20);
  ingest::Grants grants(**store, **store, hasher, clock);
  ingest::Pipeline pipeline(grants, rate_limiter, writer, clock, logger,
                            [](std::function<void()> work) { work(); });
  IncidentDesk incidents(**store);
  notify::TestSendLimits test_sends(clock, {});
  ApiServices services{
      **store, clock, hasher,   login_limiter, logger, metrics,   credentials,
      secrets, "",    pipeline, incidents,     sealer, test_sends};
  http::Router router;
  RegisterAllRoutes(router, services);
  for (const auto& route : router.Routes()) routes.insert(route);
  writer.Stop();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return routes;
}

std::set<Route> DocumentedRoutes() {
  std::set<Route> routes;
  json::value doc = json::parse(OpenApiDocument());
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      std::string upper(method);
      for (char& c : upper) c = static_cast<char>(std::toupper(c));
      routes.insert({upper, std::string(path)});
    }
  }
  return routes;
}

TEST(OpenApiDocumentTest, DescribesEveryRegisteredRouteAndNoOther) {
  std::set<Route> registered = RegisteredRoutes();
  std::set<Route> documented = DocumentedRoutes();
  ASSERT_GT(registered.size(), 50u);
  for (const Route& r : registered) {
    EXPECT_TRUE(documented.count(r))
        << r.first << " " << r.second
        << " is a route without a description in docs/openapi.json";
  }
  for (const Route& r : documented) {
    EXPECT_TRUE(registered.count(r))
        << r.first << " " << r.second
        << " is described in docs/openapi.json but no route answers it";
  }
}

TEST(OpenApiDocumentTest, IsOpenApi31WithTheErrorShape) {
  json::value doc = json::parse(OpenApiDocument());
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  const json::object& error =
      doc.at_pointer("/components/schemas/Error").as_object();
  EXPECT_EQ(json::serialize(error.at("required")), R"(["error"])");
}

}  // namespace
}  // namespace hookwarden::api
