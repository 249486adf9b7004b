#include "domain/curl_commands.h"

namespace hookwarden {
namespace {

// Single-quotes `text` for a POSIX shell.
std::string Quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string Url(std::string_view base_url, std::string_view path) {
  std::string url(base_url);
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + std::string(path);
}

std::string Bearer(std::string_view token) {
  return " -H " + Quote("Authorization: Bearer " + std::string(token));
}

}  // namespace

std::string ActivationCurl(std::string_view base_url,
                           std::string_view integration_token) {
  return "curl -sS -X POST " + Quote(Url(base_url, "/api/v1/activate")) +
         Bearer(integration_token);
}

std::string HitCurl(std::string_view base_url, std::string_view api_token,
                    std::string_view application) {
  return "curl -sS -X POST " +
         Quote(Url(base_url, "/api/v1/applications/" +
                                 std::string(application) + "/hits")) +
         Bearer(api_token) +
         " -H 'Content-Type: application/json' -d '{\"latency_ms\": 42}'";
}

std::string PingUrl(std::string_view base_url, std::string_view ping_key,
                    std::string_view application) {
  return Url(base_url,
             "/ping/" + std::string(ping_key) + "/" + std::string(application));
}

std::string PingCrontabLine(std::string_view base_url,
                            std::string_view ping_key,
                            std::string_view application) {
  return "0 3 * * * /usr/local/bin/backup.sh && curl -fsS -m 10 --retry 5 "
         "-o /dev/null " +
         Quote(PingUrl(base_url, ping_key, application));
}

std::string DeployCurl(std::string_view base_url,
                       std::string_view deploy_token) {
  return "curl -sS -X POST " + Quote(Url(base_url, "/api/v1/deploys")) +
         Bearer(deploy_token) +
         " -H 'Content-Type: application/json' -d '{\"version\": \"1.0.0\"}'";
}

}  // namespace hookwarden
