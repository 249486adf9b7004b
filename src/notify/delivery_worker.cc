#include "notify/delivery_worker.h"

#include <pthread.h>

#include <algorithm>
#include <optional>

#include "auth/random.h"
#include "auth/signature.h"
#include "common/time_format.h"
#include "notify/delivery_request.h"

namespace hookwarden::notify {
namespace {

constexpr size_t kKeptErrorBytes = 1024;
// Kept of a receiver's answer, once redacted.
constexpr size_t kKeptResponseBytes = 512;
// How long past its timeout an attempt's hold lasts: enough for recording
// the attempt, short enough that a dead worker's row comes back soon.
constexpr int64_t kLeaseMarginMillis = 30'000;

std::string UserAgent() {
  return std::string("hookwarden/") + HOOKWARDEN_VERSION;
}

}  // namespace

DeliveryWorker::DeliveryWorker(OutboxStore& store, const Clock& clock,
                               Logger& logger, const Secrets& secrets,
                               const auth::Sealer& sealer,
                               DeliveryOptions options)
    : store_(store),
      clock_(clock),
      logger_(logger),
      secrets_(secrets),
      sealer_(sealer),
      options_(std::move(options)),
      bounds_(options_.limits),
      senders_([this] {
        std::vector<std::thread> threads;
        for (int i = 0; i < std::max(1, options_.limits.global); ++i)
          threads.emplace_back([this] { Send(); });
        return threads;
      }()),
      task_("hw-deliveries", options_.poll_interval, [this] {
        RunDue();
        ++passes_;
      }) {}

DeliveryWorker::~DeliveryWorker() { Stop(); }

void DeliveryWorker::Stop() {
  task_.Stop();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    handed_.notify_all();
  }
  for (std::thread& t : senders_) {
    if (t.joinable()) t.join();
  }
}

DeliveryWorker::Stats DeliveryWorker::stats() const {
  Stats s;
  // Passes first: what a counted pass started is in bounds_ by then.
  s.passes = passes_.load();
  std::lock_guard lock(mutex_);
  s.in_flight = bounds_.in_flight();
  return s;
}

void DeliveryWorker::RunDue() {
  const int64_t lease = options_.send.timeout.count() + kLeaseMarginMillis;
  while (!task_.stopping()) {
    // What may start now: claimed against a copy of the bounds, since only
    // this thread admits (the senders only release).
    ClaimFilter filter;
    int free = 0;
    std::optional<DeliveryBounds> room;
    {
      std::lock_guard lock(mutex_);
      free = bounds_.free();
      filter.skip_organizations = bounds_.FullOrganizations();
      filter.skip_channels = bounds_.FullChannels();
      room.emplace(bounds_);
    }
    if (free <= 0) return;  // A sender that ends wakes this thread.
    filter.admit = [&room](const std::string& org, const std::string& channel) {
      return room->TryAdmit(org, channel);
    };
    int64_t now = clock_.NowMillis();
    auto claimed = store_.ClaimDeliveries(now, now + lease, auth::NewId("clm"),
                                          free, filter);
    if (!claimed.ok()) {
      logger_.Warn("cannot claim deliveries",
                   {{"error", claimed.status().message()}});
      return;
    }
    if (claimed->empty()) return;
    std::lock_guard lock(mutex_);
    for (ClaimedDelivery& c : *claimed) {
      // Always admitted: the copy counted at least as much.
      bounds_.TryAdmit(c.delivery.organization_id, c.delivery.channel_id);
      waiting_.push_back(std::move(c));
    }
    handed_.notify_all();
  }
}

void DeliveryWorker::Send() {
  pthread_setname_np(pthread_self(), "hw-send");
  HttpSender sender(options_.tls);
  for (;;) {
    std::unique_lock lock(mutex_);
    handed_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
    if (waiting_.empty()) return;  // Stopping, and nothing handed over.
    ClaimedDelivery claimed = std::move(waiting_.front());
    waiting_.pop_front();
    lock.unlock();
    Deliver(sender, claimed);
  }
}

void DeliveryWorker::Deliver(HttpSender& sender,
                             const ClaimedDelivery& claimed) {
  DeliveryOutcome outcome = Attempt(sender, claimed);
  Status recorded = store_.RecordDeliveryAttempt(outcome);
  if (!recorded.ok()) {
    logger_.Warn(
        "cannot record a delivery attempt",
        {{"delivery", claimed.delivery.id}, {"error", recorded.message()}});
  }
  Log(claimed, outcome);
  {
    std::lock_guard lock(mutex_);
    bounds_.Release(claimed.delivery.organization_id,
                    claimed.delivery.channel_id);
  }
  task_.Wake();
}

DeliveryOutcome DeliveryWorker::Attempt(HttpSender& sender,
                                        const ClaimedDelivery& claimed) {
  const Delivery& d = claimed.delivery;
  DeliveryOutcome out;
  out.delivery_id = d.id;
  out.claim = claimed.claim;
  out.attempt.at = clock_.NowMillis();
  // Values to keep out of every recorded text.
  std::vector<std::string> hidden;
  auto fail = [&](std::string error) {
    out.status = std::string(kDeliveryFailed);
    out.attempt.error = RedactAndCut(std::move(error), hidden, kKeptErrorBytes);
    out.next_attempt_at = out.attempt.at;
    return out;
  };

  std::optional<std::string> signing_secret =
      sealer_.Open(claimed.channel.signing_secret_sealed,
                   auth::SigningSecretContext(d.organization_id, d.channel_id));
  if (!signing_secret)
    return fail("the channel's signing secret does not open");
  hidden = {*signing_secret};
  auto request = BuildDeliveryRequest(
      claimed,
      [&](const std::string& name) {
        return secrets_.OpenSecret(d.organization_id, name);
      },
      *signing_secret, out.attempt.at / 1000, UserAgent());
  if (!request.ok()) {
    // Messages name secrets, never their values; redacted all the same.
    return fail(request.status().message());
  }
  out.attempt.url = request->display_url;

  auto started = std::chrono::steady_clock::now();
  SendResult sent = sender.Send(request->request, options_.send);
  out.attempt.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - started)
          .count();
  hidden = request->hidden;
  out.attempt.response = RedactAndCut(std::move(sent.response), hidden,
                                      kKeptResponseBytes, sent.response_cut);
  bool retry = false;
  std::string error;
  switch (sent.kind) {
    case SendResult::kAnswered: {
      int code = sent.status_code;
      out.attempt.status_code = code;
      if (code >= 200 && code < 300) {
        out.status = std::string(kDeliveryDelivered);
        out.next_attempt_at = out.attempt.at;
        return out;
      }
      if (code >= 300 && code < 400) {
        error =
            "answered " + std::to_string(code) + ": redirects are not followed";
      } else if (code >= 400 && code < 500) {
        error = "answered " + std::to_string(code) + ": not tried again";
      } else {
        error = "answered " + std::to_string(code);
        retry = true;
      }
      break;
    }
    case SendResult::kFailed:
      error = sent.error;
      retry = true;
      break;
    case SendResult::kRefused:
    case SendResult::kInvalid:
      error = sent.error;
      break;
  }
  error = RedactAndCut(std::move(error), hidden, kKeptErrorBytes);
  if (!retry) return fail(error);
  int64_t failed_attempts = d.attempt_count + 1;
  int64_t next = out.attempt.at +
                 JitteredDelay(options_.backoff, failed_attempts, RandomUnit());
  if (next > d.created_at + options_.backoff.give_up_after_millis) {
    return fail(error + " (given up: no success within " +
                std::to_string(options_.backoff.give_up_after_millis / 1000) +
                " s of the event)");
  }
  out.status = std::string(kDeliveryPending);
  out.attempt.error = error;
  out.next_attempt_at = next;
  return out;
}

void DeliveryWorker::Log(const ClaimedDelivery& claimed,
                         const DeliveryOutcome& outcome) {
  boost::json::object fields{{"delivery", claimed.delivery.id},
                             {"channel", claimed.channel.id},
                             {"event_type", claimed.delivery.event_type},
                             {"attempt", claimed.delivery.attempt_count + 1},
                             {"status", outcome.status}};
  if (outcome.attempt.status_code)
    fields["status_code"] = *outcome.attempt.status_code;
  if (outcome.status == kDeliveryDelivered) {
    logger_.Info("delivery sent", std::move(fields));
    return;
  }
  fields["error"] = outcome.attempt.error;
  if (outcome.status == kDeliveryPending)
    fields["next_attempt_at"] = FormatRfc3339(outcome.next_attempt_at);
  logger_.Warn("delivery failed", std::move(fields));
}

}  // namespace hookwarden::notify
