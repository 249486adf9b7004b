#include "common/logger.h"

#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <chrono>

#include "common/time_format.h"

namespace hookwarden {

Logger::Logger() {
  pool_ = std::make_shared<spdlog::details::thread_pool>(16384, 1);
  auto sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  logger_ = std::make_shared<spdlog::async_logger>(
      "hookwarden", std::move(sink), pool_,
      spdlog::async_overflow_policy::block);
  logger_->set_pattern("%v");
  logger_->set_level(spdlog::level::info);
  logger_->flush_on(spdlog::level::info);
}

// The pool's thread ends first, once it has written every line queued
// (its destructor joins it): the logger's last reference is then this one,
// and the logger goes here, on the thread that owns it, rather than on the
// pool's thread when that drops the last message naming it.
Logger::~Logger() {
  Flush();
  pool_.reset();
}

void Logger::Info(std::string_view msg, boost::json::object fields) {
  Write("info", msg, std::move(fields));
}
void Logger::Warn(std::string_view msg, boost::json::object fields) {
  Write("warn", msg, std::move(fields));
}
void Logger::Error(std::string_view msg, boost::json::object fields) {
  Write("error", msg, std::move(fields));
}

void Logger::Flush() { logger_->flush(); }

void Logger::Write(std::string_view level, std::string_view msg,
                   boost::json::object fields) {
  boost::json::object line;
  line.reserve(fields.size() + 3);
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  line["ts"] = FormatRfc3339(now);
  line["level"] = level;
  line["msg"] = msg;
  for (auto& kv : fields) line[kv.key()] = std::move(kv.value());
  logger_->info(boost::json::serialize(line));
}

}  // namespace hookwarden
