#include "cli/run_reporter.h"

#include <chrono>
#include <cstdlib>
#include <thread>

#include "cli/table.h"

namespace hookwarden::cli {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

}  // namespace

std::string JobEndMessage(const JobEnd& end) {
  std::string head = end.signal
                         ? "killed by signal " + std::to_string(end.signal)
                         : "exit status " + std::to_string(end.exit_status);
  return head + " after " + std::to_string(end.duration_ms) + " ms";
}

Result<RunReporter> RunReporter::FromEnvironment(const std::string& url,
                                                 const std::string& cacert,
                                                 const std::string& app) {
  ApiClientOptions options;
  options.cacert = cacert;
  options.timeout = std::chrono::milliseconds(10'000);
  std::string ping_url = Env("HOOKWARDEN_PING_URL");
  if (!ping_url.empty()) {
    options.url = ping_url;
    auto client = ApiClient::Create(options);
    if (!client.ok()) {
      return Status::Invalid(
          "HOOKWARDEN_PING_URL",
          "HOOKWARDEN_PING_URL: " + client.status().message());
    }
    return RunReporter(std::move(client).value(), "", "");
  }
  std::string token = Env("HOOKWARDEN_API_TOKEN");
  if (token.empty()) {
    return Status::Invalid(
        "HOOKWARDEN_API_TOKEN",
        "neither HOOKWARDEN_PING_URL (a ping URL, .../ping/KEY/APP) nor "
        "HOOKWARDEN_API_TOKEN (the application's API activation token, "
        "hwa_...) is set");
  }
  if (app.empty()) {
    return Status::Invalid("app",
                           "--app names the application to report to (or set "
                           "HOOKWARDEN_PING_URL, which names it)");
  }
  options.url = url;
  auto client = ApiClient::Create(options);
  if (!client.ok()) return client.status();
  return RunReporter(std::move(client).value(), std::move(token), app);
}

std::string RunReporter::Start(const std::string& run_id) const {
  if (token_.empty()) return Send("/start?rid=" + run_id, std::nullopt, "");
  return Send("/api/v1/applications/" + PathSegment(application_) + "/starts",
              boost::json::object{{"run_id", run_id}}, std::nullopt);
}

std::string RunReporter::Finish(const std::string& run_id,
                                const JobEnd& end) const {
  if (token_.empty()) {
    return Send("/" + std::to_string(end.exit_status) + "?rid=" + run_id,
                std::nullopt, end.output);
  }
  boost::json::object body{{"run_id", run_id},
                           {"message", JobEndMessage(end)},
                           {"exit_code", end.exit_status}};
  if (!end.output.empty()) body["output"] = end.output;
  return Send("/api/v1/applications/" + PathSegment(application_) +
                  (end.exit_status == 0 ? "/hits" : "/failures"),
              body, std::nullopt);
}

std::string RunReporter::Send(const std::string& path,
                              const std::optional<boost::json::value>& json,
                              const std::optional<std::string>& text) const {
  Headers headers;
  if (!token_.empty())
    headers.emplace_back("Authorization", "Bearer " + token_);
  std::string problem;
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500 * attempt));
    }
    auto answer = text ? client_->CallText("POST", path, *text, headers)
                       : client_->Call("POST", path, json, headers);
    if (!answer.ok()) {
      problem = answer.status().message();
      continue;
    }
    if (answer->ok()) return "";
    // A ping URL answers in plain text.
    problem = answer->json.is_null() && !answer->body.empty()
                  ? "the server answered " + std::to_string(answer->status) +
                        ": " + TerminalSafe(answer->body.substr(0, 200))
                  : DescribeError(*answer);
    if (answer->status != 429 && answer->status < 500) return problem;
  }
  return problem;
}

}  // namespace hookwarden::cli
