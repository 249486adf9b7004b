// The ready-to-run curl commands the product hands out with its tokens, as
// the Settings and application pages show them. Each is one line that a
// POSIX shell runs as it is.
#pragma once

#include <string>
#include <string_view>

namespace hookwarden {

// Activates the API with an integration token; prints the API token.
std::string ActivationCurl(std::string_view base_url,
                           std::string_view integration_token);
// Reports one hit for an application with an API activation token.
std::string HitCurl(std::string_view base_url, std::string_view api_token,
                    std::string_view application);
// The ping URL that reports a hit for an application with a ping key:
// "{base_url}/ping/{ping_key}/{application}". A secret, like the key.
std::string PingUrl(std::string_view base_url, std::string_view ping_key,
                    std::string_view application);
// A crontab line that runs a job every day at 03:00 and, when it succeeds,
// pings its application's ping URL as curl's own retries allow.
std::string PingCrontabLine(std::string_view base_url,
                            std::string_view ping_key,
                            std::string_view application);
// Posts a deploy with an application's deploy token.
std::string DeployCurl(std::string_view base_url,
                       std::string_view deploy_token);

}  // namespace hookwarden
