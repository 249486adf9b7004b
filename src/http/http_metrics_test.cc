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

TEST(HttpMetricsTest, EachSeriesKeepsItsCountWhenRequestsAlternate) {
  HttpMetrics metrics;
  // The same route with two statuses, then another route, then the first
  // again: each request lands in its own series only.
  metrics.Record("POST", "/a/{x}", 200, 0.001);
  metrics.Record("POST", "/a/{x}", 200, 0.001);
  metrics.Record("POST", "/a/{x}", 503, 0.001);
  metrics.Record("GET", "/b", 200, 0.001);
  metrics.Record("POST", "/a/{x}", 200, 0.001);
  metrics.Record("GET", "/a/{x}", 200, 0.001);
  std::string text = metrics.Render();
  auto count = [&](std::string_view series) {
    return text.find("hookwarden_http_requests_total{" + std::string(series) +
                     "\n");
  };
  EXPECT_NE(count("method=\"POST\",route=\"/a/{x}\",status=\"200\"} 3"),
            std::string::npos)
      << text;
  EXPECT_NE(count("method=\"POST\",route=\"/a/{x}\",status=\"503\"} 1"),
            std::string::npos);
  EXPECT_NE(count("method=\"GET\",route=\"/b\",status=\"200\"} 1"),
            std::string::npos);
  EXPECT_NE(count("method=\"GET\",route=\"/a/{x}\",status=\"200\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("hookwarden_http_request_duration_seconds_count{route=\"/"
                      "a/{x}\"} 5\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("hookwarden_http_request_duration_seconds_count{route=\"/"
                      "b\"} 1\n"),
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
