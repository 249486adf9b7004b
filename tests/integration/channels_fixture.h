// Shared helpers for the notification channel tests (channels_test.cc and
// deliveries_test.cc): the incident fixture, a receiver on a loopback port,
// the calls the tests make on channels, secrets and deliveries, and an
// independent check of a delivery's signature.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "incidents_fixture.h"
#include "receiver.h"

namespace hookwarden::testing {

// The lowercase hex HMAC-SHA-256 of `message` under `key` (libsodium).
std::string TestHmacSha256Hex(std::string_view key, std::string_view message);

// Succeeds when `r` carries X-Hookwarden-Signature "t=<t>,v1=<hex>" whose
// t is within 300 s of now and whose v1 is the HMAC of "<t>.<body>" under
// `signing_secret`, as docs/api.md tells a receiver to check.
::testing::AssertionResult SignedWith(const ReceivedRequest& r,
                                      std::string_view signing_secret);

// A server that may send to loopback (the receiver), with short delivery
// timings; the ingestion fixture's application "checkout"; a running
// receiver.
class ChannelTest : public IncidentTest {
 protected:
  void SetUp() override;
  std::vector<std::string> ServerArgs() const override;

  static std::string ChannelsPath(std::string_view org = "default");
  static std::string ChannelPath(std::string_view id,
                                 std::string_view suffix = "",
                                 std::string_view org = "default");
  // POST .../channels as `as`.
  Response PostChannel(HttpClient& as, const boost::json::object& body,
                       std::string_view org = "default");
  // Creates a channel as the admin; the test fails unless it is a 201.
  boost::json::value MakeChannel(const boost::json::object& body);
  // Creates a secret as the admin; the test fails unless it is a 201.
  void MakeSecret(std::string_view name, std::string_view value);
  // POST .../channels/<id>/test as the admin; the test fails unless 202.
  boost::json::value SendTest(std::string_view channel_id);
  // GET .../channels/<id>/deliveries as the admin; fails unless 200.
  boost::json::array Deliveries(std::string_view channel_id);
  // Polls the deliveries until `done` holds, for up to 15 s; returns the
  // last list (and fails the test when `done` never held).
  boost::json::array WaitForDeliveries(
      std::string_view channel_id,
      const std::function<bool(const boost::json::array&)>& done);
  // Waits until the receiver has `n` requests; the test fails otherwise.
  std::vector<ReceivedRequest> WaitForRequests(size_t n);

  // Remembers an answer, to check later that no secret is in it.
  void Expose(const Response& r) { seen_ += r.body + "\n"; }
  void Expose(const boost::json::value& v) {
    seen_ += boost::json::serialize(v) + "\n";
  }
  // No `value` in any answer exposed, the audit log or the server's log.
  void ExpectNowhere(std::string_view value);

  Receiver receiver_;
  std::string seen_;
};

// Every delivery of `list` has `status`, and there are `n` of them.
bool AllHaveStatus(const boost::json::array& list, size_t n,
                   std::string_view status);

}  // namespace hookwarden::testing
