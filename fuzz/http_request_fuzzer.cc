// A whole HTTP request as the server reads it off a connection: the raw
// header's framing checks, Beast's parser with the server's limits, the
// Transfer-Encoding check, the Request the server builds, the router with
// every route of the API, then what a handler reads first (query
// parameters, the JSON body). Invariants: a matched route names its
// parameters, and a 405 says what is allowed.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "api/routes.h"
#include "api/services.h"
#include "auth/random.h"
#include "common/clock.h"
#include "fuzz_check.h"
#include "http/framing_check.h"
#include "http/json_body.h"
#include "http/router.h"
#include "http/server.h"
#include "ingest/grants.h"
#include "ingest/pipeline.h"
#include "ingest/report_committer.h"
#include "notify/test_send_limits.h"
#include "services/incident_desk.h"
#include "storage/open_store.h"

namespace hw = hookwarden;
namespace bhttp = boost::beast::http;

namespace {

// Every route of the API, registered once with the services `serve` wires,
// on a scratch store; no handler is called.
class Routes {
 public:
  Routes()
      : dir_(std::filesystem::temp_directory_path() /
             ("hookwarden-fuzz-" + hw::auth::NewId("r"))),
        store_(Open(dir_, clock_)),
        key_(hw::auth::RandomKey()),
        sealer_(key_),
        hasher_(key_),
        login_limiter_(clock_),
        credentials_(*store_, hasher_, sealer_, clock_),
        secrets_(*store_, sealer_),
        committer_(*store_, clock_),
        writer_(committer_, logger_),
        rate_limiter_(clock_, 10, 20),
        grants_(*store_, *store_, hasher_, clock_),
        pipeline_(grants_, rate_limiter_, writer_, clock_, logger_,
                  [](std::function<void()> work) { work(); }),
        incidents_(*store_),
        test_sends_(clock_, {}),
        services_{*store_,    clock_,    hasher_,      login_limiter_,
                  logger_,    metrics_,  credentials_, secrets_,
                  "",         pipeline_, incidents_,   sealer_,
                  test_sends_} {
    hw::api::RegisterAllRoutes(router_, services_);
  }
  const hw::http::Router& router() const { return router_; }

 private:
  static std::unique_ptr<hw::Store> Open(const std::filesystem::path& dir,
                                         hw::SystemClock& clock) {
    auto store =
        hw::OpenStore(hw::StoreOptions{"", dir, false}, clock.NowMillis());
    FUZZ_CHECK(store.ok());
    return std::move(store.value());
  }

  std::filesystem::path dir_;
  hw::SystemClock clock_;
  std::unique_ptr<hw::Store> store_;
  hw::auth::SecretKey key_;
  hw::auth::Sealer sealer_;
  hw::auth::TokenHasher hasher_;
  hw::auth::LoginLimiter login_limiter_;
  hw::Logger logger_;
  hw::http::HttpMetrics metrics_;
  hw::Credentials credentials_;
  hw::Secrets secrets_;
  hw::ingest::ReportCommitter committer_;
  hw::ingest::EventWriter writer_;
  hw::ingest::RateLimiter rate_limiter_;
  hw::ingest::Grants grants_;
  hw::ingest::Pipeline pipeline_;
  hw::IncidentDesk incidents_;
  hw::notify::TestSendLimits test_sends_;
  hw::api::ApiServices services_;
  hw::http::Router router_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Routes* routes = new Routes();  // Lives as long as the run.
  static const hw::http::ServerOptions options;
  std::string_view received(reinterpret_cast<const char*>(data), size);

  size_t header_length = hw::http::HeaderLength(received);
  if (header_length == 0) return 0;  // The server would read on.
  FUZZ_CHECK(header_length <= received.size());
  if (hw::http::ObsFoldProblem(received.substr(0, header_length))) return 0;

  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(options.body_limit);
  parser.header_limit(options.header_limit);
  parser.eager(true);
  boost::beast::error_code ec;
  size_t used =
      parser.put(boost::asio::buffer(received.data(), received.size()), ec);
  FUZZ_CHECK(used <= received.size());
  if (ec || !parser.is_header_done()) return 0;
  if (hw::http::TransferEncodingProblem(parser.get())) return 0;
  if (!parser.is_done()) return 0;

  bhttp::request<bhttp::string_body> raw = parser.release();
  hw::http::Request request;
  request.method = std::string(raw.method_string());
  std::string_view target = raw.target();
  size_t q = target.find('?');
  request.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) {
    request.query = std::string(target.substr(q + 1));
  }
  request.body = std::move(raw.body());
  request.headers = std::move(static_cast<bhttp::fields&>(raw));
  request.remote_address = "127.0.0.1";

  hw::http::Router::Match match =
      routes->router().Find(request.method, request.path);
  if (match.handler != nullptr) {
    FUZZ_CHECK(!match.route.empty());
    for (const auto& [name, value] : match.params) {
      FUZZ_CHECK(match.route.find("{" + name + "}") != std::string_view::npos);
    }
  } else if (!match.allow.empty()) {
    // The methods allowed ("GET, POST") do not include the one refused.
    std::string allowed = ", " + match.allow + ",";
    FUZZ_CHECK(allowed.find(", " + request.method + ",") == std::string::npos);
  }
  request.params = std::move(match.params);
  (void)request.QueryParam("limit");
  (void)request.QueryParam("cursor");
  (void)request.Header("authorization");
  auto body = hw::http::ParseJsonObject(request);
  (void)body;
  return 0;
}
