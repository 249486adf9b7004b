// How `hookwarden run` reports a job's run: a start with a fresh run id
// before the job, then its finish with the same run id, so that the server
// pairs them and gives the run its duration. Two ways to reach hookwarden:
//
// - the API: HOOKWARDEN_URL and HOOKWARDEN_API_TOKEN (the application's API
//   activation token, hwa_...): POST .../applications/{app}/starts, then
//   .../hits or .../failures with run_id, exit_code, output and a message;
// - a ping URL: HOOKWARDEN_PING_URL (.../ping/{ping_key}/{app}): POST
//   {url}/start?rid=, then {url}/{exit status}?rid= with the output as the
//   body.
//
// Each report makes a few quick tries while hookwarden cannot be reached or
// asks to wait, and never fails the job: problems come back as text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "cli/api_client.h"

namespace hookwarden::cli {

// How a job ended, as a finish reports it.
struct JobEnd {
  int exit_status = 0;  // 0-255; 128 + signal when killed.
  int signal = 0;       // The signal that killed it, or 0.
  int64_t duration_ms = 0;
  std::string output;  // The end of stdout and stderr, valid UTF-8.
};

class RunReporter {
 public:
  // Reads the environment (HOOKWARDEN_PING_URL first, else HOOKWARDEN_URL or
  // `url` and HOOKWARDEN_API_TOKEN) and makes a reporter for application
  // `app` (ignored with a ping URL, which names its application), `cacert`
  // trusted for https. Fails with a message naming what is missing or wrong,
  // never a token.
  static Result<RunReporter> FromEnvironment(const std::string& url,
                                             const std::string& cacert,
                                             const std::string& app);

  // Reports the start of run `run_id`; "" when it was taken, else why not.
  std::string Start(const std::string& run_id) const;
  // Reports the end of run `run_id`; "" when it was taken, else why not.
  std::string Finish(const std::string& run_id, const JobEnd& end) const;

  // The application as messages name it.
  const std::string& application() const { return application_; }

 private:
  RunReporter(ApiClient client, std::string token, std::string application)
      : client_(std::make_shared<ApiClient>(std::move(client))),
        token_(std::move(token)),
        application_(std::move(application)) {}

  // Sends one report, with a few quick tries.
  std::string Send(const std::string& path,
                   const std::optional<boost::json::value>& json,
                   const std::optional<std::string>& text) const;

  std::shared_ptr<const ApiClient> client_;
  std::string token_;        // The API token; empty with a ping URL.
  std::string application_;  // Its slug or id; "" with a ping URL.
};

// The report's message: how the job ended and after how long.
std::string JobEndMessage(const JobEnd& end);

}  // namespace hookwarden::cli
