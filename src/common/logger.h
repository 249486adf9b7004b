// Structured logs: one JSON object per line on stdout, written by a
// background thread so that a slow terminal never slows a request.
//
// Callers pass fields as a JSON object; never put a password, cookie, token or
// secret value in one. Every line has "ts", "level" and "msg".
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string_view>

namespace spdlog {
class logger;
namespace details {
class thread_pool;
}
}  // namespace spdlog

namespace hookwarden {

class Logger {
 public:
  // Logs to stdout.
  Logger();
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  // Thread-safe. Never blocks on I/O unless the queue of pending lines is full.
  void Info(std::string_view msg, boost::json::object fields = {});
  void Warn(std::string_view msg, boost::json::object fields = {});
  void Error(std::string_view msg, boost::json::object fields = {});

  // Writes every pending line. Call before the process exits.
  void Flush();

 private:
  void Write(std::string_view level, std::string_view msg,
             boost::json::object fields);

  // Ends before logger_ (see ~Logger); the logger holds it weakly.
  std::shared_ptr<spdlog::details::thread_pool> pool_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace hookwarden
