// Debian's real Prometheus Alertmanager (/usr/bin/prometheus-alertmanager,
// installed by `make`), run by a test on a loopback port in a temporary
// directory of its own, with clustering off, and stopped by the destructor
// whatever the test's outcome.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>

#include "harness.h"

namespace hookwarden::testing {

class AlertmanagerProcess {
 public:
  AlertmanagerProcess();
  ~AlertmanagerProcess();
  AlertmanagerProcess(const AlertmanagerProcess&) = delete;
  AlertmanagerProcess& operator=(const AlertmanagerProcess&) = delete;

  // Writes `config` (alertmanager.yml), starts Alertmanager on a free
  // loopback port and waits up to 20 s until GET /-/ready answers 200.
  ::testing::AssertionResult Start(const std::string& config);
  // SIGTERM, then SIGKILL after 5 s; nothing when not running.
  void Stop();

  // POST /api/v2/alerts: `alerts` as Alertmanager's API takes them
  // ([{labels, annotations, startsAt?, endsAt?}]); the answer.
  Response PostAlerts(const boost::json::array& alerts);
  // Everything Alertmanager logged so far.
  std::string log_text() const;

 private:
  std::string root_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace hookwarden::testing
