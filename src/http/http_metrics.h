// Counters of the HTTP server, rendered in the Prometheus text format:
// requests by method, route and status, a latency histogram by route, and
// the number of open connections against their cap, the request bytes in
// flight against their budgets, and the requests refused to stay within
// them. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "http/inflight_budget.h"

namespace hookwarden::http {

class HttpMetrics {
 public:
  void ConnectionOpened() { ++open_connections_; }
  void ConnectionClosed() { --open_connections_; }
  // What the server shows against: its connection cap and its in-flight
  // budgets (which must outlive these metrics' renderings). Call once,
  // before serving.
  void SetCapacity(size_t max_connections, const InflightBudget* data_plane,
                   const InflightBudget* other);
  // Counts one request or connection refused to stay within a bound;
  // `reason` is the error code it was answered with.
  void Refused(std::string_view reason);
  // Counts one answered request. `route` is the matched pattern (never the
  // raw path, so that ids do not multiply the series), or "unmatched".
  void Record(std::string_view method, std::string_view route, int status,
              double seconds);
  // The whole exposition, ending with a newline.
  std::string Render() const;

  static constexpr std::array<double, 12> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};  // Not cumulative.
    uint64_t count = 0;
    double sum = 0;
  };
  std::atomic<int64_t> open_connections_{0};
  std::atomic<size_t> max_connections_{0};
  std::atomic<const InflightBudget*> data_plane_budget_{nullptr};
  std::atomic<const InflightBudget*> other_budget_{nullptr};
  mutable std::mutex mutex_;
  // A (method, route, status) key, compared as views: a lookup with
  // string_views allocates nothing. (std::less<> over tuples of different
  // element types needs the mixed tuple comparisons C++20 removed.)
  using RequestKey = std::tuple<std::string, std::string, int>;
  struct RequestKeyLess {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return View(a) < View(b);
    }
    template <class T>
    static std::tuple<std::string_view, std::string_view, int> View(
        const T& key) {
      return {std::get<0>(key), std::get<1>(key), std::get<2>(key)};
    }
  };
  std::map<RequestKey, uint64_t, RequestKeyLess>
      requests_;  // Guarded by mutex_.
  // Transparent comparators: lookups with string_views allocate nothing.
  std::map<std::string, Histogram, std::less<>> latency_;  // Guarded by mutex_.
  std::map<std::string, uint64_t, std::less<>> refused_;   // Guarded by mutex_.
  // The series of the last request recorded: a server under load records
  // the same one again and again. Entries of std::map stay where they are.
  // Guarded by mutex_.
  std::pair<const RequestKey, uint64_t>* last_request_ = nullptr;
  Histogram* last_latency_ = nullptr;
};

}  // namespace hookwarden::http
