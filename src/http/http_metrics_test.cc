#include "http/http_metrics.h"

#include <gtest/gtest.h>

namespace hookwarden::http {
namespace {

TEST(HttpMetricsTest, CountsRequestsByMethodRouteAndStatus) {
  HttpMetrics metrics;
  metrics.Record("GET", "/healthz", 200, 0.0004);
  metrics.Record("GET", "/healthz", 200, 0.003);
  metrics.Record("POST", "/api/v1/orgs", 409, 0.02);
  std::string text = metrics.Render();
  EXPECT_NE(
      text.find(
          "hookwarden_http_requests_total{method=\"GET\",route=\"/healthz\","
          "status=\"200\"} 2\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("status=\"409\"} 1\n"), std::string::npos);
  // Cumulative buckets: one request within 0.5 ms, both within 5 ms.
  EXPECT_NE(text.find("route=\"/healthz\",le=\"0.0005\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("route=\"/healthz\",le=\"0.005\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("hookwarden_http_request_duration_seconds_count{route=\"/"
                      "healthz\"} 2\n"),
            std::string::npos);
}

TEST(HttpMetricsTest, CountsOpenConnections) {
  HttpMetrics metrics;
  metrics.ConnectionOpened();
  metrics.ConnectionOpened();
  metrics.ConnectionClosed();
  EXPECT_NE(metrics.Render().find("hookwarden_http_open_connections 1\n"),
            std::string::npos);
}

}  // namespace
}  // namespace hookwarden::http
