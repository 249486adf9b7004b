#include "http/http_metrics.h"

#include <sstream>

namespace hookwarden::http {

void HttpMetrics::Record(std::string_view method, std::string_view route,
                         int status, double seconds) {
  std::lock_guard lock(mutex_);
  auto key = std::make_tuple(method, route, status);
  if (last_request_ == nullptr ||
      RequestKeyLess::View(last_request_->first) != key) {
    auto counted = requests_.find(key);
    if (counted == requests_.end()) {
      counted = requests_
                    .emplace(std::make_tuple(std::string(method),
                                             std::string(route), status),
                             0)
                    .first;
    }
    auto histogram = latency_.find(route);
    if (histogram == latency_.end()) {
      histogram = latency_.emplace(std::string(route), Histogram{}).first;
    }
    last_request_ = &*counted;
    last_latency_ = &histogram->second;
  }
  ++last_request_->second;
  Histogram& h = *last_latency_;
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  if (i < kBuckets.size()) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void HttpMetrics::SetCapacity(size_t max_connections,
                              const InflightBudget* data_plane,
                              const InflightBudget* other) {
  max_connections_ = max_connections;
  data_plane_budget_ = data_plane;
  other_budget_ = other;
}

void HttpMetrics::Refused(std::string_view reason) {
  std::lock_guard lock(mutex_);
  auto it = refused_.find(reason);
  if (it == refused_.end()) it = refused_.emplace(reason, 0).first;
  ++it->second;
}

std::string HttpMetrics::Render() const {
  std::ostringstream out;
  out << "# HELP hookwarden_http_open_connections Open HTTP connections.\n"
      << "# TYPE hookwarden_http_open_connections gauge\n"
      << "hookwarden_http_open_connections " << open_connections_.load() << "\n"
      << "# HELP hookwarden_http_max_connections Connections served at once "
         "(beyond them, control-plane requests only).\n"
      << "# TYPE hookwarden_http_max_connections gauge\n"
      << "hookwarden_http_max_connections " << max_connections_.load() << "\n";
  const InflightBudget* data = data_plane_budget_.load();
  const InflightBudget* other = other_budget_.load();
  if (data != nullptr && other != nullptr) {
    out << "# HELP hookwarden_http_inflight_bytes Bytes of request bodies "
           "held from before they are read until they are answered.\n"
        << "# TYPE hookwarden_http_inflight_bytes gauge\n"
        << "hookwarden_http_inflight_bytes{plane=\"data\"} " << data->in_use()
        << "\n"
        << "hookwarden_http_inflight_bytes{plane=\"control\"} "
        << other->in_use() << "\n"
        << "# HELP hookwarden_http_inflight_bytes_limit The budget of "
           "hookwarden_http_inflight_bytes.\n"
        << "# TYPE hookwarden_http_inflight_bytes_limit gauge\n"
        << "hookwarden_http_inflight_bytes_limit{plane=\"data\"} "
        << data->limit() << "\n"
        << "hookwarden_http_inflight_bytes_limit{plane=\"control\"} "
        << other->limit() << "\n";
  }
  std::lock_guard lock(mutex_);
  out << "# HELP hookwarden_refused_total Requests and connections refused "
         "with 503 to stay within a bound, by reason.\n"
      << "# TYPE hookwarden_refused_total counter\n";
  for (const auto& [reason, count] : refused_) {
    out << "hookwarden_refused_total{reason=\"" << reason << "\"} " << count
        << "\n";
  }
  out << "# HELP hookwarden_http_requests_total HTTP requests answered.\n"
      << "# TYPE hookwarden_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out << "hookwarden_http_requests_total{method=\"" << method << "\",route=\""
        << route << "\",status=\"" << status << "\"} " << count << "\n";
  }
  out << "# HELP hookwarden_http_request_duration_seconds Time to answer a "
         "request.\n"
      << "# TYPE hookwarden_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out << "hookwarden_http_request_duration_seconds_bucket{route=\"" << route
          << "\",le=\"" << kBuckets[i] << "\"} " << cumulative << "\n";
    }
    out << "hookwarden_http_request_duration_seconds_bucket{route=\"" << route
        << "\",le=\"+Inf\"} " << h.count << "\n"
        << "hookwarden_http_request_duration_seconds_sum{route=\"" << route
        << "\"} " << h.sum << "\n"
        << "hookwarden_http_request_duration_seconds_count{route=\"" << route
        << "\"} " << h.count << "\n";
  }
  return out.str();
}

}  // namespace hookwarden::http
